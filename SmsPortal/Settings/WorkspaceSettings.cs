namespace SmsPortal.Settings;

/// <summary>Per-workspace settings; a workspace without a row uses the defaults.</summary>
public sealed class WorkspaceSettings
{
    public Guid WorkspaceId { get; init; }
    /// <summary>ISO region for numbers written without a country code (<c>US</c>, <c>GB</c>, …).</summary>
    public string DefaultRegion { get; set; } = "US";
    /// <summary>Most auto-replies a contact gets within <see cref="LoopGuardWindowMinutes"/>, so two bots cannot ping-pong forever.</summary>
    public int LoopGuardMaxReplies { get; set; } = 5;
    public int LoopGuardWindowMinutes { get; set; } = 10;
    /// <summary>Compliance replies and extra keywords, as JSON (<c>SmsPortal.Rules.Compliance.ComplianceSettings</c>).</summary>
    public string? ComplianceJson { get; set; }
    /// <summary>The <c>whsec_</c> secret that signs forwarded messages, encrypted like endpoint secrets.</summary>
    public string? ForwardingSecretProtected { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
