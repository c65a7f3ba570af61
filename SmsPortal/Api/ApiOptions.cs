using System.ComponentModel.DataAnnotations;

namespace SmsPortal.Api;

/// <summary><c>Api</c>: limits of the public REST API.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Requests one API key may make per minute (a burst of this size, refilled evenly); more get 429 with Retry-After.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerKeyPerMinute { get; set; } = 600;

    /// <summary>How long an <c>Idempotency-Key</c> is remembered: a retry within it gets the first message, one after it sends again.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00", ErrorMessage = "Api:IdempotencyRetention must be between 1 hour and 30 days.")]
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);
}
