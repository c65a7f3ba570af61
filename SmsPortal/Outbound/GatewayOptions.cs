namespace SmsPortal.Outbound;

/// <summary>The gateway replies leave through (<c>Gateway</c> in appsettings.json).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary><c>None</c> (messages stay queued until a gateway is configured) or <c>Generic</c>.</summary>
    public GatewayType Type { get; set; } = GatewayType.None;

    /// <summary>For the generic REST gateway: messages are POSTed to <c>{BaseUrl}/messages</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer …</c>.</summary>
    public string? ApiKey { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a message is tried before it is failed for good.</summary>
    public int MaxAttempts { get; set; } = 10;

    public int MaxConcurrentSends { get; set; } = 16;

    public bool IsConfigured => Type != GatewayType.None && Uri.TryCreate(BaseUrl, UriKind.Absolute, out _);
}

public enum GatewayType
{
    None,
    Generic,
}
