namespace SmsPortal.Outbound;

/// <summary>The gateway's answer, in our terms.</summary>
public sealed record GatewaySendResult(GatewaySendOutcome Outcome, string? GatewayMessageId = null, string? Error = null)
{
    public static GatewaySendResult Sent(string? gatewayMessageId) => new(GatewaySendOutcome.Sent, gatewayMessageId);
    public static GatewaySendResult Permanent(string error) => new(GatewaySendOutcome.PermanentFailure, Error: error);
    public static GatewaySendResult Transient(string error) => new(GatewaySendOutcome.TransientFailure, Error: error);
}

public enum GatewaySendOutcome
{
    Sent,
    /// <summary>The gateway refused the message (4xx): sending it again would fail again.</summary>
    PermanentFailure,
    /// <summary>5xx, timeout, connection refused: try again later.</summary>
    TransientFailure,
}

/// <summary>Sends one SMS through a gateway's REST API. Our outbox id is the idempotency key.</summary>
public interface IGatewayClient
{
    Task<GatewaySendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}

/// <summary>A gateway's client, able to send with settings other than the installation's (a workspace's own gateway).</summary>
public interface IGatewayAdapter : IGatewayClient
{
    Task<GatewaySendResult> SendAsync(OutboundMessage message, GatewayOptions settings, CancellationToken cancellationToken);
}
