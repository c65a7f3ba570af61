namespace SmsPortal.Webhooks;

/// <summary>One request to a hook, whatever its outcome. Never holds a secret or a signature value.</summary>
public sealed class DeliveryLogEntry
{
    public long Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string EndpointId { get; init; }
    public DateTimeOffset At { get; init; }
    public DeliveryOutcome Outcome { get; init; }
    public int StatusCode { get; init; }
    public double LatencyMs { get; init; }
    public int BodySize { get; init; }
    public string? RemoteAddress { get; init; }
    public string? MessageId { get; init; }
    public string? ExternalId { get; init; }
    public string? Detail { get; init; }
    /// <summary>Request headers as JSON, signature headers redacted.</summary>
    public string? Headers { get; init; }
    /// <summary>The body, kept only when the signature verified (unauthenticated bodies are not stored).</summary>
    public string? Body { get; init; }
}

public static class DeliveryOutcomes
{
    /// <summary>Outcomes decided before (or without) a valid signature: anyone who knows the URL can cause them.</summary>
    public static readonly DeliveryOutcome[] Unverified = [DeliveryOutcome.BadSignature, DeliveryOutcome.TooLarge, DeliveryOutcome.EndpointDisabled];
}

public enum DeliveryOutcome
{
    Accepted = 0,
    Duplicate = 1,
    BadSignature = 2,
    BadPayload = 3,
    TooLarge = 4,
    Unavailable = 5,
    EndpointDisabled = 6,
    /// <summary>A gateway's status event for one of our outbound messages.</summary>
    StatusUpdate = 7,
    /// <summary>A verified event of a kind we do not act on (acknowledged so the gateway stops retrying).</summary>
    Ignored = 8,
}
