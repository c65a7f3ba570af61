namespace SmsPortal.Outbound;

/// <summary>An SMS to send, a row in the outbox until the gateway has it; its status follows it afterwards.</summary>
public sealed class OutboundMessage : SmsPortal.Work.ILeased
{
    /// <summary><c>out_…</c>; also the idempotency key the gateway receives, so a resend is not a second SMS.</summary>
    public required string Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid ContactId { get; init; }
    public required string To { get; init; }
    public required string Text { get; init; }
    public OutboundOrigin Origin { get; init; }
    /// <summary>The one message an opted-out contact may still receive: the confirmation of the opt-out.</summary>
    public bool IsOptOutConfirmation { get; init; }
    public string? SourceMessageId { get; init; }
    public string? RuleId { get; init; }
    public string? SentBy { get; init; }

    public OutboundStatus Status { get; set; } = OutboundStatus.Queued;
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public string? FailureReason { get; set; }
    public string? GatewayMessageId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    /// <summary>The node sending the message now; null when none is.</summary>
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
}

public enum OutboundStatus
{
    Queued = 0,
    Sending = 1,
    Sent = 2,
    Delivered = 3,
    Failed = 4,
}

public enum OutboundOrigin
{
    Manual = 0,
    AutoReply = 1,
    Compliance = 2,
}

/// <summary>A verified message forwarded to a URL of the user's, signed like our own hook, with retries.</summary>
public sealed class ForwardDelivery : SmsPortal.Work.ILeased
{
    public required string Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string MessageId { get; init; }
    public required string RuleId { get; init; }
    public required string Url { get; init; }
    public required string Payload { get; init; }
    public OutboundStatus Status { get; set; } = OutboundStatus.Queued;
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public string? FailureReason { get; set; }
    public int? LastStatusCode { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
}
