using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Messages;
using SmsPortal.Team;

namespace SmsPortal.Processing;

/// <summary>A message processing could not finish: parked for good, or failed and waiting for its next try.</summary>
public sealed record ParkedMessage(
    string Id, string From, string Text, DateTimeOffset StoredAt, int Attempts, string? Reason, bool Parked, DateTimeOffset? NextAttemptAt);

/// <summary>The audit actions of parked messages.</summary>
public static class ParkedAuditActions
{
    public const string Retried = "message.parked.retried";
    public const string Discarded = "message.parked.discarded";
}

/// <summary>
/// Inbound messages whose processing failed: those parked after <c>Processing:MaxAttempts</c> (including the ones
/// poison isolation narrowed a failed commit down to) and those still waiting for a retry. An Owner or Admin,
/// checked in the database, sends one back to processing (attempts reset) or discards it; both are audited.
/// </summary>
public sealed class ParkedMessages(IDbContextFactory<AppDbContext> dbFactory, InboundWorkSignal signal, TimeProvider time)
{
    public const int MaxPageSize = 200;

    public async Task<PageOf<ParkedMessage>> ListAsync(Guid workspaceId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Troubled(db, workspaceId);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderByDescending(m => m.Status).ThenByDescending(m => m.Id)
            .Skip(Math.Max(page, 0) * pageSize).Take(pageSize)
            .Select(m => new ParkedMessage(m.Id, m.From, m.Text, m.StoredAt, m.Attempts, m.LastError, m.Status == ProcessingStatus.Failed, m.NextAttemptAt))
            .ToListAsync(cancellationToken);
        return new PageOf<ParkedMessage>(rows, total);
    }

    /// <summary>How many of the workspace's messages are parked for good (what the dashboard shows).</summary>
    public async Task<int> CountAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.InboundMessages.CountAsync(m => m.WorkspaceId == workspaceId && m.Status == ProcessingStatus.Failed, cancellationToken);
    }

    /// <summary>Back to pending with its attempts reset; processed again within moments.</summary>
    public async Task RetryAsync(Guid workspaceId, Actor actor, string messageId, CancellationToken cancellationToken = default)
    {
        await ChangeAsync(workspaceId, actor, messageId, ParkedAuditActions.Retried, message =>
        {
            message.Status = ProcessingStatus.Pending;
            message.Attempts = 0;
            message.NextAttemptAt = null;
            message.LastError = null;
        }, cancellationToken);
        signal.Notify();
    }

    /// <summary>Never processed; the message stays stored, so the gateway repeating it does not bring it back.</summary>
    public Task DiscardAsync(Guid workspaceId, Actor actor, string messageId, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspaceId, actor, messageId, ParkedAuditActions.Discarded, message =>
        {
            message.Status = ProcessingStatus.Discarded;
            message.NextAttemptAt = null;
        }, cancellationToken);

    private async Task ChangeAsync(Guid workspaceId, Actor actor, string messageId, string action, Action<InboundMessage> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        // Not while a node holds it: a message being processed right now is not parked.
        var now = time.GetUtcNow();
        var message = await Troubled(db, workspaceId).AsTracking()
            .Where(m => m.Id == messageId && (m.LeaseExpiresAt == null || m.LeaseExpiresAt <= now))
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new UserInputException("That message is no longer parked: it was retried, discarded or processed meanwhile.");
        var detail = $"from {message.From} after {message.Attempts} attempt(s); last error: {message.LastError ?? "none"}";
        change(message);
        db.AddAudit(workspaceId, actor, action, $"message:{message.Id}", now, detail.Length <= 1000 ? detail : detail[..1000]);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new UserInputException("That message was taken up for processing meanwhile; reload the list.");
        }
    }

    private static IQueryable<InboundMessage> Troubled(AppDbContext db, Guid workspaceId) =>
        db.InboundMessages.AsNoTracking().Where(m => m.WorkspaceId == workspaceId
            && (m.Status == ProcessingStatus.Failed || (m.Status == ProcessingStatus.Pending && m.LastError != null)));
}
