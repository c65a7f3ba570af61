using SmsPortal.Outbound;

namespace SmsPortal.GatewayConnect;

/// <summary>
/// An endpoint connected to a gateway through its API: which webhooks the gateway holds for it and whether the
/// gateway's API holds the signing key (then rotating the secret updates it there too). One per workspace and type.
/// </summary>
public sealed class GatewayConnection
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public required string EndpointId { get; set; }
    public GatewayType Type { get; init; }
    /// <summary>The gateway's ids for our webhooks, comma-separated.</summary>
    public string RemoteWebhookIds { get; set; } = "";
    public bool SigningKeyAtGateway { get; set; }
    /// <summary>The hook URL the gateway was given (found again by it on rotation).</summary>
    public string HookUrl { get; set; } = "";
    public DateTimeOffset ConnectedAt { get; set; }
    public DateTimeOffset? SigningKeyUpdatedAt { get; set; }
}

/// <summary>A request to the gateway to re-send its received messages of a window ("re-fetch the last 6 hours").</summary>
public sealed class CatchUpRun
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public required string EndpointId { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset Since { get; init; }
    public DateTimeOffset Until { get; init; }
    /// <summary>True (the default): messages the catch-up brings in are processed, but their auto-replies are held back.</summary>
    public bool HoldReplies { get; init; }
    public int Devices { get; init; }
}
