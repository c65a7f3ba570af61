namespace SmsPortal.Contacts;

/// <summary>
/// One phone number in one workspace, and the head of its conversation: the thread is every inbound and
/// outbound message with this contact's id.
/// </summary>
public sealed class Contact
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    /// <summary>E.164 where the number parses; an alphanumeric sender id otherwise.</summary>
    public required string Number { get; init; }
    public string? Name { get; set; }
    /// <summary>The contact's own IANA time zone, when known; quiet hours use it before the number's.</summary>
    public string? TimeZone { get; set; }
    public bool IsOptedOut { get; set; }
    public DateTimeOffset? OptedOutAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public int InboundCount { get; set; }
    public DateTimeOffset LastMessageAt { get; set; }
    public string? LastMessagePreview { get; set; }
    public int UnreadCount { get; set; }
    public List<ContactTag> Tags { get; init; } = [];

    /// <summary>Where the conversation stands: open, snoozed until <see cref="SnoozedUntil"/>, or closed (done).</summary>
    public ConversationStatus Status { get; set; } = ConversationStatus.Open;
    public DateTimeOffset? SnoozedUntil { get; set; }
    /// <summary>The member handling the conversation (a user id); null while it waits in the unassigned queue.</summary>
    public string? AssigneeId { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }
    /// <summary>When it joined the unassigned queue: the queue is picked up oldest first.</summary>
    public DateTimeOffset? WaitingSince { get; set; }

    /// <summary>A new inbound message: a snoozed or closed conversation opens again, and an unassigned one queues from now.</summary>
    public bool ReceivedInbound(DateTimeOffset now)
    {
        var reopened = Status != ConversationStatus.Open;
        Status = ConversationStatus.Open;
        SnoozedUntil = null;
        if (AssigneeId is null && (reopened || WaitingSince is null))
        {
            WaitingSince = now;
        }
        return reopened;
    }
}

public enum ConversationStatus
{
    Open = 0,
    Snoozed = 1,
    Closed = 2,
}

public sealed class ContactTag
{
    public Guid ContactId { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string Tag { get; init; }
}

/// <summary>What the rules engine needs to know of a contact's past: when each rule last fired for it.</summary>
public sealed class ContactRuleState
{
    public Guid ContactId { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string RuleId { get; init; }
    public DateTimeOffset LastFiredAt { get; set; }
    public int FireCount { get; set; }
}
