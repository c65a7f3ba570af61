using System.ComponentModel.DataAnnotations;

namespace SmsPortal.Api;

/// <summary><c>Api</c>: limits of the public REST API.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Requests one API key may make per minute (a burst of this size, refilled evenly); more get 429 with Retry-After.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerKeyPerMinute { get; set; } = 600;
}
