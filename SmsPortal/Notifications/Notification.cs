namespace SmsPortal.Notifications;

/// <summary>An in-app notice for the team ("notify team" action), shown in the portal.</summary>
public sealed class Notification
{
    public long Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Text { get; init; }
    public string? Team { get; init; }
    public string? MessageId { get; init; }
    public Guid? ContactId { get; init; }
    public string? RuleId { get; init; }
    public bool Read { get; set; }
}
