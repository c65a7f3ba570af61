using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;

namespace SmsPortal.Inbox;

/// <summary>
/// An internal note in a conversation's thread: written by a member for the team, shown among the messages and
/// never sent. It lives in its own table so nothing on the way to the gateway (the outbox) can ever pick it up.
/// </summary>
public sealed class ConversationNote
{
    /// <summary><c>note_</c> + a time-ordered suffix, like message ids.</summary>
    public required string Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid ContactId { get; init; }
    public required string AuthorId { get; init; }
    public required string AuthorName { get; init; }
    public required string Text { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

internal static class ConversationNotes
{
    public const int MaxLength = 4000;

    public static string NewId() => "note_" + Guid.CreateVersion7().ToString("N");

    public static async Task<List<ConversationNote>> NewestAsync(
        AppDbContext db, Guid workspaceId, Guid contactId, DateTimeOffset? before, int take, CancellationToken cancellationToken)
    {
        var notes = db.ConversationNotes.AsNoTracking().Where(n => n.WorkspaceId == workspaceId && n.ContactId == contactId);
        if (before is { } cursor)
        {
            notes = notes.Where(n => n.CreatedAt < cursor);
        }
        return await notes.OrderByDescending(n => n.CreatedAt).Take(take).ToListAsync(cancellationToken);
    }
}
