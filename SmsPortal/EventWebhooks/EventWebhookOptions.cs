using System.ComponentModel.DataAnnotations;

namespace SmsPortal.EventWebhooks;

/// <summary>
/// <c>EventWebhooks</c>: when a failing receiver is turned off. The retry schedule is the queue's (same section):
/// <c>MaxAttempts</c> 20, <c>RetryDelay</c> 5 s doubling up to <c>MaxRetryDelay</c> 2 h, about 22 hours in all.
/// </summary>
public sealed class EventWebhookOptions
{
    public const string Section = "EventWebhooks";
    public const string Queue = "events";

    /// <summary>Failed attempts in a row (across all its events) after which a subscription is disabled…</summary>
    [Range(1, 100_000)]
    public int DisableAfterFailures { get; set; } = 50;

    /// <summary>…provided it has been failing for at least this long (a short outage never disables it).</summary>
    public TimeSpan DisableAfterFailingFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Per-attempt timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "EventWebhooks:Timeout must be between 1 second and 5 minutes.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long events, deliveries and attempts are kept for the log and for replay (pruned hourly).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00", ErrorMessage = "EventWebhooks:Retention must be between 1 day and 365 days.")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(14);
}
