using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Data;
using SmsPortal.Live;
using SmsPortal.Outbound;
using SmsPortal.Processing;
using SmsPortal.Tickets;

namespace SmsPortal.Inbox;

public enum MessageDirection
{
    Inbound,
    Outbound,
    /// <summary>An internal note: for the team only, never sent.</summary>
    Note,
}

public sealed record FiredAction(string Action, ActionOutcome Outcome, string? Detail);

/// <summary>A rule that fired on an inbound message and what each of its actions did.</summary>
public sealed record FiredRule(string RuleId, string RuleName, IReadOnlyList<FiredAction> Actions);

public sealed record ThreadMessage(
    string Id,
    MessageDirection Direction,
    string Text,
    DateTimeOffset At,
    OutboundStatus? Status = null,
    string? FailureReason = null,
    OutboundOrigin? Origin = null,
    string? SentBy = null,
    IReadOnlyList<FiredRule>? Rules = null);

/// <summary>Messages oldest first; <see cref="HasOlder"/> when more lie before the first.</summary>
public sealed record ThreadPage(IReadOnlyList<ThreadMessage> Messages, bool HasOlder);

/// <summary>The inbox: conversations (one per contact), their threads, and the tickets beside them.</summary>
public sealed class InboxService(IDbContextFactory<AppDbContext> dbFactory, ContactService contacts, LiveUpdates live, TimeProvider time)
{
    public const int MaxThreadPage = 200;

    /// <summary>The conversations <paramref name="actor"/> may see, newest first unless the query sorts otherwise.</summary>
    public Task<ContactPage> ListConversationsAsync(Guid workspaceId, Actor actor, ContactQuery query, CancellationToken cancellationToken = default) =>
        contacts.ListAsync(workspaceId, actor, query, cancellationToken);

    /// <summary>
    /// The <paramref name="take"/> newest messages and notes before <paramref name="before"/> (or now), merged by time;
    /// empty for a conversation <paramref name="actor"/> may not see.
    /// </summary>
    public async Task<ThreadPage> GetThreadAsync(Guid workspaceId, Actor actor, Guid contactId, DateTimeOffset? before = null, int take = 50, CancellationToken cancellationToken = default)
    {
        take = Math.Clamp(take, 1, MaxThreadPage);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var viewer = await ConversationVisibility.ViewerAsync(db, workspaceId, actor, cancellationToken);
        if (!await ConversationVisibility.CanSeeAsync(db, viewer, contactId, cancellationToken))
        {
            return new ThreadPage([], false);
        }

        var inboundQuery = db.InboundMessages.AsNoTracking().Where(m => m.ContactId == contactId && m.WorkspaceId == workspaceId);
        var outboundQuery = db.OutboundMessages.AsNoTracking().Where(m => m.ContactId == contactId && m.WorkspaceId == workspaceId);
        if (before is { } cursor)
        {
            inboundQuery = inboundQuery.Where(m => m.StoredAt < cursor);
            outboundQuery = outboundQuery.Where(m => m.CreatedAt < cursor);
        }
        var inbound = await inboundQuery.OrderByDescending(m => m.Id).Take(take + 1)
            .Select(m => new { m.Id, m.Text, m.StoredAt }).ToListAsync(cancellationToken);
        var outbound = await outboundQuery.OrderByDescending(m => m.CreatedAt).Take(take + 1)
            .Select(m => new { m.Id, m.Text, m.CreatedAt, m.Status, m.FailureReason, m.Origin, m.SentBy }).ToListAsync(cancellationToken);
        var notes = await ConversationNotes.NewestAsync(db, workspaceId, contactId, before, take + 1, cancellationToken);

        var messageIds = inbound.Select(m => m.Id).ToList();
        var executions = await db.ActionExecutions.AsNoTracking()
            .Where(e => messageIds.Contains(e.MessageId) && e.WorkspaceId == workspaceId)
            .OrderBy(e => e.Id)
            .Select(e => new { e.MessageId, e.RuleId, e.RuleName, e.ActionIndex, e.Action, e.Outcome, e.Detail })
            .ToListAsync(cancellationToken);
        var rulesByMessage = executions.GroupBy(e => e.MessageId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<FiredRule>)g.Where(e => e.ActionIndex == ActionExecution.RuleFired)
                .Select(fired => new FiredRule(fired.RuleId, fired.RuleName, g
                    .Where(e => e.RuleId == fired.RuleId && e.ActionIndex != ActionExecution.RuleFired)
                    .OrderBy(e => e.ActionIndex)
                    .Select(e => new FiredAction(e.Action, e.Outcome, e.Detail)).ToList()))
                .ToList());

        var merged = inbound
            .Select(m => new ThreadMessage(m.Id, MessageDirection.Inbound, m.Text, m.StoredAt, Rules: rulesByMessage.GetValueOrDefault(m.Id, [])))
            .Concat(outbound.Select(m => new ThreadMessage(m.Id, MessageDirection.Outbound, m.Text, m.CreatedAt, m.Status, m.FailureReason, m.Origin, m.SentBy)))
            .Concat(notes.Select(n => new ThreadMessage(n.Id, MessageDirection.Note, n.Text, n.CreatedAt, SentBy: n.AuthorName)))
            .OrderByDescending(m => m.At).ThenByDescending(m => m.Id, StringComparer.Ordinal)
            .ToList();
        var page = merged.Take(take).Reverse().ToList();
        return new ThreadPage(page, merged.Count > take);
    }

    public async Task<bool> IsVisibleAsync(Guid workspaceId, Actor actor, Guid contactId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var viewer = await ConversationVisibility.ViewerAsync(db, workspaceId, actor, cancellationToken);
        return await ConversationVisibility.CanSeeAsync(db, viewer, contactId, cancellationToken);
    }

    /// <summary>Clears the unread count; true when there was something to clear (so others are told only then).</summary>
    public async Task<bool> MarkReadAsync(Guid workspaceId, Guid contactId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.Contacts.Where(c => c.WorkspaceId == workspaceId && c.Id == contactId && c.UnreadCount > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UnreadCount, 0), cancellationToken);
        if (changed > 0)
        {
            live.Publish(new LiveUpdate(LiveUpdateKind.ContactChanged, workspaceId, contactId));
        }
        return changed > 0;
    }

    /// <summary>Closes or reopens a ticket. A contact has at most one open ticket, which rules keep updating.</summary>
    public async Task SetTicketStatusAsync(Guid workspaceId, Guid ticketId, TicketStatus status, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ticket = await db.Tickets.SingleOrDefaultAsync(t => t.WorkspaceId == workspaceId && t.Id == ticketId, cancellationToken)
            ?? throw new UserInputException("That ticket was not found.");
        if (ticket.Status == status)
        {
            return;
        }
        if (status == TicketStatus.Open
            && await db.Tickets.AnyAsync(t => t.ContactId == ticket.ContactId && t.Status == TicketStatus.Open && t.Id != ticketId, cancellationToken))
        {
            throw new UserInputException("This contact already has an open ticket. Close it first.");
        }
        ticket.Status = status;
        ticket.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        live.Publish(new LiveUpdate(LiveUpdateKind.ContactChanged, workspaceId, ticket.ContactId));
    }
}
