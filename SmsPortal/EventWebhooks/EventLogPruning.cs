using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsPortal.Common;
using SmsPortal.Data;

namespace SmsPortal.EventWebhooks;

/// <summary>
/// Keeps the event log to <see cref="EventWebhookOptions.Retention"/>: attempts older than that, settled deliveries with
/// no attempt since, and events no delivery needs any more are deleted. A delivery still pending is kept whatever its
/// age (its retries end on their own), and so is one replayed within the retention.
/// </summary>
public sealed class EventLogPruning(IDbContextFactory<AppDbContext> dbFactory, IOptionsMonitor<EventWebhookOptions> options, TimeProvider time)
    : IPeriodicCleanup
{
    public string Name => "old event deliveries, attempts and events";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.CurrentValue.Retention;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deliveries = await db.EventDeliveries
            .Where(d => d.Status != EventDeliveryStatus.Pending && d.CreatedAt < cutoff)
            .Where(d => !db.EventDeliveryAttempts.Any(a => a.DeliveryId == d.Id && a.At >= cutoff))
            .ExecuteDeleteAsync(cancellationToken);
        var attempts = await db.EventDeliveryAttempts
            .Where(a => a.At < cutoff || !db.EventDeliveries.Any(d => d.Id == a.DeliveryId))
            .ExecuteDeleteAsync(cancellationToken);
        var events = await db.WorkspaceEvents
            .Where(e => e.FannedOut && e.CreatedAt < cutoff && !db.EventDeliveries.Any(d => d.EventId == e.Id))
            .ExecuteDeleteAsync(cancellationToken);
        return deliveries + attempts + events;
    }
}
