namespace SmsPortal.Abuse;

/// <summary><c>RateLimits</c>: how much one client, endpoint or workspace may do before it is asked to wait (429).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Posts to the login, register, forgot-password and two-factor forms and to invite links, per client address.</summary>
    public int AccountFormsPerMinute { get; set; } = 10;

    /// <summary>Webhook deliveries per endpoint (a burst of this size, refilled at this rate per second).</summary>
    public int HookPerEndpointPerSecond { get; set; } = 100;

    /// <summary>Webhook deliveries per client address across all endpoints.</summary>
    public int HookPerAddressPerSecond { get; set; } = 200;

    /// <summary>Messages a workspace may queue by hand (replies, test SMS) per minute.</summary>
    public int SendsPerWorkspacePerMinute { get; set; } = 30;

    /// <summary>Failed logins for one account from one address before that pair must wait; the wait doubles after each further failure.</summary>
    public int LoginFailuresBeforeDelay { get; set; } = 5;

    public TimeSpan FirstLoginDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxLoginDelay { get; set; } = TimeSpan.FromHours(1);

    internal bool Valid() => AccountFormsPerMinute > 0 && HookPerEndpointPerSecond > 0 && HookPerAddressPerSecond > 0
        && SendsPerWorkspacePerMinute > 0 && LoginFailuresBeforeDelay > 0 && FirstLoginDelay > TimeSpan.Zero && MaxLoginDelay >= FirstLoginDelay;
}
