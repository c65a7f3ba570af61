using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Data;
using SmsPortal.Team;

namespace SmsPortal.EventWebhooks;

public sealed record EventAttemptRow(DateTimeOffset At, int? StatusCode, int LatencyMs, string? Response, bool Succeeded);

/// <param name="EventId">The event's id, sent as <c>webhook-id</c> on every attempt and replay.</param>
public sealed record EventDeliveryRow(
    string Id, string EventId, string EventType, EventDeliveryStatus Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, int? LastStatusCode, string? LastError, IReadOnlyList<EventAttemptRow> AttemptLog);

/// <summary>Which deliveries of a subscription: by outcome, by when the event was raised (<paramref name="From"/> inclusive, <paramref name="To"/> exclusive).</summary>
/// <param name="Before">A delivery id: only older ones (the next page).</param>
public sealed record EventLogFilter(EventDeliveryStatus? Status = null, DateTimeOffset? From = null, DateTimeOffset? To = null, string? Before = null);

/// <param name="Older">Pass as <see cref="EventLogFilter.Before"/> for the next page; null on the last.</param>
public sealed record EventLogPage(IReadOnlyList<EventDeliveryRow> Deliveries, string? Older);

/// <summary>
/// What was sent to a subscription and how each attempt went, for Owners and Admins (checked in the database);
/// replaying sends the same event (same <c>webhook-id</c>, same body) again, one delivery or all a filter shows.
/// </summary>
public sealed class EventDeliveryLog(IDbContextFactory<AppDbContext> dbFactory, EventSignal signal, TimeProvider time)
{
    public const int PageSize = 50;

    public async Task<EventLogPage> ListAsync(
        Guid workspaceId, Actor actor, string subscriptionId, EventLogFilter? filter = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        var query = Matching(db, workspaceId, subscriptionId, filter ?? new());
        if (filter?.Before is { } before)
        {
            query = query.Where(d => string.Compare(d.Id, before) < 0);
        }
        var deliveries = await query.OrderByDescending(d => d.Id).Take(PageSize + 1).ToListAsync(cancellationToken);
        var older = deliveries.Count > PageSize ? deliveries[PageSize - 1].Id : null;
        deliveries = [.. deliveries.Take(PageSize)];
        var ids = deliveries.Select(d => d.Id).ToList();
        var attempts = (await db.EventDeliveryAttempts.AsNoTracking().Where(a => a.WorkspaceId == workspaceId && ids.Contains(a.DeliveryId)).ToListAsync(cancellationToken))
            .OrderBy(a => a.Id).ToLookup(a => a.DeliveryId);
        var rows = deliveries.Select(d => new EventDeliveryRow(d.Id, d.EventId, d.EventType, d.Status, d.Attempts, d.CreatedAt, d.NextAttemptAt, d.DeliveredAt,
            d.LastStatusCode, d.LastError, attempts[d.Id].Select(a => new EventAttemptRow(a.At, a.StatusCode, a.LatencyMs, a.Response, a.Succeeded)).ToList())).ToList();
        return new EventLogPage(rows, older);
    }

    /// <summary>How many deliveries <see cref="ReplayAllAsync"/> would send again (those still being retried are left alone).</summary>
    public async Task<int> CountReplayableAsync(Guid workspaceId, Actor actor, string subscriptionId, EventLogFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        return await Matching(db, workspaceId, subscriptionId, filter).CountAsync(d => d.Status != EventDeliveryStatus.Pending, cancellationToken);
    }

    /// <summary>Sends one delivery again as it was (same id, same body), whatever its outcome was.</summary>
    public Task<int> ReplayAsync(Guid workspaceId, Actor actor, string deliveryId, CancellationToken cancellationToken = default) =>
        RequeueAsync(workspaceId, actor, (db, all) => all.Where(d => d.Id == deliveryId), deliveryId, null, cancellationToken);

    /// <summary>Sends every delivery the filter matches again (e.g. all failed ones of a day), except those still being retried.</summary>
    public Task<int> ReplayAllAsync(Guid workspaceId, Actor actor, string subscriptionId, EventLogFilter filter, CancellationToken cancellationToken = default) =>
        RequeueAsync(workspaceId, actor, (db, _) => Matching(db, workspaceId, subscriptionId, filter with { Before = null }), subscriptionId, Describe(filter), cancellationToken);

    private static IQueryable<EventDelivery> Matching(AppDbContext db, Guid workspaceId, string subscriptionId, EventLogFilter filter)
    {
        var query = db.EventDeliveries.AsNoTracking().Where(d => d.WorkspaceId == workspaceId && d.SubscriptionId == subscriptionId);
        if (filter.Status is { } status)
        {
            query = query.Where(d => d.Status == status);
        }
        if (filter.From is { } from)
        {
            query = query.Where(d => d.CreatedAt >= from);
        }
        if (filter.To is { } to)
        {
            query = query.Where(d => d.CreatedAt < to);
        }
        return query;
    }

    private static string Describe(EventLogFilter filter) =>
        $"{filter.Status?.ToString().ToLowerInvariant() ?? "all outcomes"}, raised {filter.From?.ToString("u") ?? "any time"} to {filter.To?.ToString("u") ?? "now"}";

    private async Task<int> RequeueAsync(
        Guid workspaceId, Actor actor, Func<AppDbContext, IQueryable<EventDelivery>, IQueryable<EventDelivery>> which, string target, string? detail,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        var count = await which(db, db.EventDeliveries.Where(d => d.WorkspaceId == workspaceId))
            .Where(d => d.Status != EventDeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, EventDeliveryStatus.Pending)
                .SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.NextAttemptAt, (DateTimeOffset?)null), cancellationToken);
        if (count == 0)
        {
            throw new Common.UserInputException("Nothing to replay: the delivery is still being retried, or none matched.");
        }
        db.AddAudit(workspaceId, actor, "event_webhook.replayed", target, time.GetUtcNow(), detail is null ? $"{count} delivery(ies)" : $"{count} delivery(ies): {detail}");
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return count;
    }
}
