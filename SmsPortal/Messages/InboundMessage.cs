namespace SmsPortal.Messages;

/// <summary>One received SMS, stored exactly once per (workspace, gateway message id).</summary>
public sealed class InboundMessage : SmsPortal.Work.ILeased
{
    /// <summary>Portal id, <c>msg_</c> + a time-ordered suffix; sorting by it follows arrival order.</summary>
    public required string Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string EndpointId { get; init; }
    /// <summary>The gateway's message id: the idempotency key.</summary>
    public required string ExternalId { get; init; }
    public required string From { get; init; }
    public string? To { get; init; }
    public required string Text { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset StoredAt { get; init; }
    public string? DeviceId { get; init; }
    public int? SimSlot { get; init; }
    public bool IsTest { get; init; }
    /// <summary>Brought in by a catch-up after a gap: processed as usual, but its auto-replies are held back.</summary>
    public bool HoldReplies { get; init; }
    /// <summary>Set when the message is processed and its sender becomes (or is found as) a contact.</summary>
    public Guid? ContactId { get; set; }
    /// <summary>The body exactly as received (UTF-8), unknown fields included.</summary>
    public required string RawPayload { get; init; }

    public ProcessingStatus Status { get; set; } = ProcessingStatus.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>The node processing the message now (see <see cref="SmsPortal.Work.LeaseStore"/>); null when none is.</summary>
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
}

public enum ProcessingStatus
{
    Pending = 0,
    Processed = 1,
    /// <summary>Parked: processing failed <c>Processing:MaxAttempts</c> times; a person retries or discards it.</summary>
    Failed = 2,
    /// <summary>Parked and then discarded by a person: kept (the gateway's id stays known) but never processed.</summary>
    Discarded = 3,
}
