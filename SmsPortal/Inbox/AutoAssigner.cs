using Microsoft.EntityFrameworkCore;
using SmsPortal.Contacts;
using SmsPortal.Data;
using SmsPortal.Live;

namespace SmsPortal.Inbox;

/// <summary>
/// Round robin with a cap: while the unassigned queue holds open conversations and some member who is not away
/// holds fewer open ones than the workspace's cap, the longest-waiting conversation (first in, first out) goes to
/// the member who got one least recently. So a queue left over when everyone was full drains as agents close theirs.
/// </summary>
public sealed class AutoAssigner(IDbContextFactory<AppDbContext> dbFactory, LiveUpdates live, TimeProvider time)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Assigns what can be assigned now in one workspace; returns how many.</summary>
    public async Task<int> DistributeAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await DistributeOnceAsync(workspaceId, cancellationToken);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<int> DistributeOnceAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.WorkspaceSettings.AsNoTracking().SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken);
        if (settings is not { AutoAssign: true })
        {
            return 0;
        }
        var assigned = 0;
        while (await NextMemberAsync(db, workspaceId, settings.AutoAssignCap, cancellationToken) is { } member
               && await OldestWaitingAsync(db, workspaceId, cancellationToken) is { } contactId)
        {
            var now = time.GetUtcNow();
            // Strictly later than anyone's last, so the order holds when the clock has not moved between two assignments.
            var stamp = member.Latest is { } latest && latest >= now ? latest.AddTicks(1) : now;
            // The member's turn is claimed first, on the value read: another node distributing at the same moment
            // then picks the next member instead of giving this one two.
            var seen = member.Own;
            var claimed = await db.WorkspaceMembers.Where(m => m.WorkspaceId == workspaceId && m.UserId == member.UserId && m.LastAssignedAt == seen)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastAssignedAt, stamp), cancellationToken);
            if (claimed == 0 || !await TryAssignAsync(db, contactId, member.UserId, now, cancellationToken))
            {
                continue;
            }
            live.Publish(new LiveUpdate(LiveUpdateKind.ContactChanged, workspaceId, contactId));
            assigned++;
        }
        return assigned;
    }

    /// <summary>Snoozed conversations whose time has come open again (and queue, when unassigned); returns their workspaces.</summary>
    public async Task<IReadOnlyList<Guid>> WakeSnoozedAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = await db.Contacts.Where(c => c.Status == ConversationStatus.Snoozed && c.SnoozedUntil <= now)
            .OrderBy(c => c.SnoozedUntil).Take(500).Select(c => new { c.Id, c.WorkspaceId }).ToListAsync(cancellationToken);
        foreach (var contact in due)
        {
            var woken = await db.Contacts.Where(c => c.Id == contact.Id && c.Status == ConversationStatus.Snoozed)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.Status, ConversationStatus.Open)
                    .SetProperty(c => c.SnoozedUntil, (DateTimeOffset?)null)
                    .SetProperty(c => c.WaitingSince, c => c.AssigneeId == null ? now : null), cancellationToken);
            if (woken > 0)
            {
                live.Publish(new LiveUpdate(LiveUpdateKind.ContactChanged, contact.WorkspaceId, contact.Id));
            }
        }
        return due.Select(c => c.WorkspaceId).Distinct().ToList();
    }

    /// <summary>Workspaces that assign automatically, for the periodic sweep.</summary>
    public async Task<IReadOnlyList<Guid>> WorkspacesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.WorkspaceSettings.Where(s => s.AutoAssign).Select(s => s.WorkspaceId).ToListAsync(cancellationToken);
    }

    internal static async Task<Guid?> OldestWaitingAsync(AppDbContext db, Guid workspaceId, CancellationToken cancellationToken) =>
        await db.Contacts.AsNoTracking()
            .Where(c => c.WorkspaceId == workspaceId && c.Status == ConversationStatus.Open && c.AssigneeId == null)
            .OrderBy(c => c.WaitingSince ?? c.LastMessageAt).ThenBy(c => c.Id)
            .Select(c => (Guid?)c.Id)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Assigns only if the conversation is still open and unassigned (another node or member may have been first).</summary>
    internal static async Task<bool> TryAssignAsync(AppDbContext db, Guid contactId, string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Contacts.Where(c => c.Id == contactId && c.AssigneeId == null && c.Status == ConversationStatus.Open)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.AssigneeId, userId)
                .SetProperty(c => c.AssignedAt, now)
                .SetProperty(c => c.WaitingSince, (DateTimeOffset?)null), cancellationToken) > 0;

    /// <param name="Own">The member's last assignment as read.</param>
    /// <param name="Latest">Anyone's latest, so the next stamp sorts after it.</param>
    private sealed record Candidate(string UserId, DateTimeOffset? Own, DateTimeOffset? Latest);

    private static async Task<Candidate?> NextMemberAsync(AppDbContext db, Guid workspaceId, int cap, CancellationToken cancellationToken)
    {
        var members = await db.WorkspaceMembers.AsNoTracking()
            .Where(m => m.WorkspaceId == workspaceId && !m.IsAway)
            .Select(m => new
            {
                m.UserId,
                m.LastAssignedAt,
                Holding = db.Contacts.Count(c => c.WorkspaceId == workspaceId && c.AssigneeId == m.UserId && c.Status == ConversationStatus.Open),
            })
            .ToListAsync(cancellationToken);
        var latest = members.Max(m => m.LastAssignedAt);
        return members.Where(m => m.Holding < cap)
            .OrderBy(m => m.LastAssignedAt ?? DateTimeOffset.MinValue).ThenBy(m => m.UserId, StringComparer.Ordinal)
            .Select(m => new Candidate(m.UserId, m.LastAssignedAt, latest))
            .FirstOrDefault();
    }
}
