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
