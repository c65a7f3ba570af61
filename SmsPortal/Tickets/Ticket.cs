namespace SmsPortal.Tickets;

/// <summary>An internal ticket per contact: a rule opens one, or updates the one that is still open.</summary>
public sealed class Ticket
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public Guid ContactId { get; init; }
    public required string Subject { get; set; }
    public TicketStatus Status { get; set; } = TicketStatus.Open;
    public int MessageCount { get; set; }
    public string? LastMessageId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum TicketStatus
{
    Open = 0,
    Closed = 1,
}
