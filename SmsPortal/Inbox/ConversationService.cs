using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Data;
using SmsPortal.Live;

namespace SmsPortal.Inbox;

/// <summary>
/// A conversation's status (open, snoozed, closed), who handles it, and its internal notes. Every method reads
/// the actor's role and what they may see from the database (<see cref="ConversationVisibility"/>).
/// </summary>
public sealed class ConversationService(IDbContextFactory<AppDbContext> dbFactory, LiveUpdates live, AssignmentSignal assignments, TimeProvider time)
{
    /// <summary>The number in each view, as this actor sees them.</summary>
    public async Task<ConversationCounts> CountsAsync(Guid workspaceId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var viewer = await ConversationVisibility.ViewerAsync(db, workspaceId, actor, cancellationToken);
        var me = viewer.UserId;
        var groups = await ConversationVisibility.Apply(db.Contacts.AsNoTracking(), viewer)
            .GroupBy(c => new { c.Status, Unassigned = c.AssigneeId == null, Mine = c.AssigneeId != null && c.AssigneeId == me })
            .Select(g => new { g.Key.Status, g.Key.Unassigned, g.Key.Mine, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var open = groups.Where(g => g.Status == ConversationStatus.Open).ToList();
        return new ConversationCounts(
            open.Where(g => g.Mine).Sum(g => g.Count),
            open.Where(g => g.Unassigned).Sum(g => g.Count),
            open.Sum(g => g.Count),
            groups.Where(g => g.Status == ConversationStatus.Snoozed).Sum(g => g.Count),
            groups.Where(g => g.Status == ConversationStatus.Closed).Sum(g => g.Count));
    }

    /// <summary>Opens, snoozes (until <paramref name="snoozeUntil"/>) or closes a conversation; its assignee stays.</summary>
    public async Task SetStatusAsync(Guid workspaceId, Actor actor, Guid contactId, ConversationStatus status, DateTimeOffset? snoozeUntil = null,
        CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (status == ConversationStatus.Snoozed && (snoozeUntil is not { } until || until <= now))
        {
            throw new UserInputException("Choose a time in the future to snooze until.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await FindVisibleAsync(db, workspaceId, actor, contactId, cancellationToken);
        if (contact.Status == status && contact.SnoozedUntil == snoozeUntil)
        {
            return;
        }
        var wasOpen = contact.Status == ConversationStatus.Open;
        contact.Status = status;
        contact.SnoozedUntil = status == ConversationStatus.Snoozed ? snoozeUntil : null;
        contact.WaitingSince = status == ConversationStatus.Open && contact.AssigneeId is null ? (wasOpen ? contact.WaitingSince : now) : null;
        await db.SaveChangesAsync(cancellationToken);
        Changed(workspaceId, contactId);
    }

    /// <summary>Gives the conversation to a member of the workspace, or back to the unassigned queue (null).</summary>
    public async Task AssignAsync(Guid workspaceId, Actor actor, Guid contactId, string? assigneeId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await FindVisibleAsync(db, workspaceId, actor, contactId, cancellationToken);
        if (assigneeId is not null && !await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspaceId && m.UserId == assigneeId, cancellationToken))
        {
            throw new UserInputException("That person is not a member of this team.");
        }
        if (contact.AssigneeId == assigneeId)
        {
            return;
        }
        var now = time.GetUtcNow();
        contact.AssigneeId = assigneeId;
        contact.AssignedAt = assigneeId is null ? null : now;
        contact.WaitingSince = assigneeId is null && contact.Status == ConversationStatus.Open ? now : null;
        await db.SaveChangesAsync(cancellationToken);
        Changed(workspaceId, contactId);
    }

    /// <summary>
    /// Assigns the actor the open unassigned conversation that has waited longest (first in, first out); null when
    /// the queue is empty. Two members taking at once never get the same one.
    /// </summary>
    public async Task<Guid?> TakeNextAsync(Guid workspaceId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var viewer = await ConversationVisibility.ViewerAsync(db, workspaceId, actor, cancellationToken);
        if (viewer.UserId is null)
        {
            throw new UserInputException("Only a member can take a conversation.");
        }
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await AutoAssigner.OldestWaitingAsync(db, workspaceId, cancellationToken) is not { } next)
            {
                return null;
            }
            if (await AutoAssigner.TryAssignAsync(db, next, viewer.UserId, time.GetUtcNow(), cancellationToken))
            {
                Changed(workspaceId, next);
                return next;
            }
        }
        return null;
    }

    /// <summary>Adds an internal note to the thread: visible to the team, never sent to the contact.</summary>
    public async Task<ConversationNote> AddNoteAsync(Guid workspaceId, Actor actor, Guid contactId, string text, CancellationToken cancellationToken = default)
    {
        text = (text ?? "").Trim();
        if (text.Length == 0)
        {
            throw new UserInputException("Write the note first.");
        }
        if (text.Length > ConversationNotes.MaxLength)
        {
            throw new UserInputException($"A note can be at most {ConversationNotes.MaxLength} characters.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await FindVisibleAsync(db, workspaceId, actor, contactId, cancellationToken);
        var note = new ConversationNote
        {
            Id = ConversationNotes.NewId(),
            WorkspaceId = workspaceId,
            ContactId = contactId,
            AuthorId = actor.UserId ?? "cli",
            AuthorName = actor.Name,
            Text = text,
            CreatedAt = time.GetUtcNow(),
        };
        db.ConversationNotes.Add(note);
        await db.SaveChangesAsync(cancellationToken);
        live.Publish(new LiveUpdate(LiveUpdateKind.ContactChanged, workspaceId, contactId, note.Id));
        return note;
    }

    /// <summary>An away member gets no conversations from round robin (what they hold stays theirs).</summary>
    public async Task SetAwayAsync(Guid workspaceId, Actor actor, bool away, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.WorkspaceMembers.Where(m => m.WorkspaceId == workspaceId && m.UserId == actor.UserId && m.IsAway != away)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.IsAway, away), cancellationToken);
        if (changed > 0 && !away)
        {
            assignments.Notify(workspaceId);
        }
    }

    public async Task<bool> IsAwayAsync(Guid workspaceId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspaceId && m.UserId == actor.UserId && m.IsAway, cancellationToken);
    }

    private static async Task<Contact> FindVisibleAsync(AppDbContext db, Guid workspaceId, Actor actor, Guid contactId, CancellationToken cancellationToken)
    {
        var viewer = await ConversationVisibility.ViewerAsync(db, workspaceId, actor, cancellationToken);
        await ConversationVisibility.RequireVisibleAsync(db, viewer, contactId, cancellationToken);
        return await db.Contacts.SingleAsync(c => c.WorkspaceId == workspaceId && c.Id == contactId, cancellationToken);
    }

    private void Changed(Guid workspaceId, Guid contactId)
    {
        live.Publish(new LiveUpdate(LiveUpdateKind.ContactChanged, workspaceId, contactId));
        assignments.Notify(workspaceId);
    }
}
