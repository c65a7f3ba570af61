namespace SmsPortal.Outbound;

/// <summary>The gateway's answer, in our terms.</summary>
public sealed record GatewaySendResult(GatewaySendOutcome Outcome, string? GatewayMessageId = null, string? Error = null)
{
    public static GatewaySendResult Sent(string? gatewayMessageId) => new(GatewaySendOutcome.Sent, gatewayMessageId);
    public static GatewaySendResult Permanent(string error) => new(GatewaySendOutcome.PermanentFailure, Error: error);
    public static GatewaySendResult Transient(string error) => new(GatewaySendOutcome.TransientFailure, Error: error);
    public static GatewaySendResult Uncertain(string error) => new(GatewaySendOutcome.Uncertain, Error: error);
}

public enum GatewaySendOutcome
{
    Sent,
    /// <summary>The gateway refused the message (4xx): sending it again would fail again.</summary>
    PermanentFailure,
    /// <summary>The request surely had no effect (no connection, 408, 429, 503): try again later.</summary>
    TransientFailure,
    /// <summary>
    /// The request may have reached the gateway but no answer says what became of it (a timeout, a connection cut
    /// or an answer ended early after the request was sent, another 5xx). Sent again only through a gateway that
    /// deduplicates by our id; through any other a second try could be a second SMS.
    /// </summary>
    Uncertain,
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
