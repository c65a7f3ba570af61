using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Data;
using SmsPortal.Team;

namespace SmsPortal.EventWebhooks;

public sealed record EventAttemptRow(DateTimeOffset At, int? StatusCode, int LatencyMs, string? Response, bool Succeeded);

public sealed record EventDeliveryRow(
    string Id, string EventId, string EventType, EventDeliveryStatus Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, int? LastStatusCode, string? LastError, IReadOnlyList<EventAttemptRow> AttemptLog);

/// <summary>What was sent to a subscription and how each attempt went; replaying a delivery sends the same event (same <c>webhook-id</c>) again.</summary>
public sealed class EventDeliveryLog(IDbContextFactory<AppDbContext> dbFactory, EventSignal signal, TimeProvider time)
{
    public const int PageSize = 50;

    public async Task<IReadOnlyList<EventDeliveryRow>> ListAsync(Guid workspaceId, string subscriptionId, EventDeliveryStatus? status = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.EventDeliveries.AsNoTracking().Where(d => d.WorkspaceId == workspaceId && d.SubscriptionId == subscriptionId);
        if (status is { } only)
        {
            query = query.Where(d => d.Status == only);
        }
        var deliveries = await query.OrderByDescending(d => d.Id).Take(PageSize).ToListAsync(cancellationToken);
        var ids = deliveries.Select(d => d.Id).ToList();
        var attempts = (await db.EventDeliveryAttempts.AsNoTracking().Where(a => a.WorkspaceId == workspaceId && ids.Contains(a.DeliveryId)).ToListAsync(cancellationToken))
            .OrderBy(a => a.Id).ToLookup(a => a.DeliveryId);
        return deliveries.Select(d => new EventDeliveryRow(d.Id, d.EventId, d.EventType, d.Status, d.Attempts, d.CreatedAt, d.NextAttemptAt, d.DeliveredAt,
            d.LastStatusCode, d.LastError, attempts[d.Id].Select(a => new EventAttemptRow(a.At, a.StatusCode, a.LatencyMs, a.Response, a.Succeeded)).ToList())).ToList();
    }

    /// <summary>Sends one delivery again as it was (same id, same body), whatever its outcome was.</summary>
    public Task<int> ReplayAsync(Guid workspaceId, Actor actor, string deliveryId, CancellationToken cancellationToken = default) =>
        RequeueAsync(workspaceId, actor, d => d.Id == deliveryId, deliveryId, cancellationToken);

    /// <summary>Sends every failed delivery of the subscription again.</summary>
    public Task<int> ReplayFailedAsync(Guid workspaceId, Actor actor, string subscriptionId, CancellationToken cancellationToken = default) =>
        RequeueAsync(workspaceId, actor, d => d.SubscriptionId == subscriptionId && d.Status == EventDeliveryStatus.Failed, subscriptionId, cancellationToken);

    private async Task<int> RequeueAsync(
        Guid workspaceId, Actor actor, System.Linq.Expressions.Expression<Func<EventDelivery, bool>> which, string target, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        var count = await db.EventDeliveries.Where(d => d.WorkspaceId == workspaceId && d.Status != EventDeliveryStatus.Pending).Where(which)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, EventDeliveryStatus.Pending)
                .SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.NextAttemptAt, (DateTimeOffset?)null), cancellationToken);
        if (count == 0)
        {
            throw new Common.UserInputException("Nothing to replay: the delivery is still being retried, or none failed.");
        }
        db.AddAudit(workspaceId, actor, "event_webhook.replayed", target, time.GetUtcNow(), $"{count} delivery(ies)");
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return count;
    }
}
