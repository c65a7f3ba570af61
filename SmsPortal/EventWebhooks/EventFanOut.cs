using Microsoft.EntityFrameworkCore;
using SmsPortal.Common;
using SmsPortal.Data;

namespace SmsPortal.EventWebhooks;

/// <summary>
/// Turns raised events into one delivery per enabled subscription that wants them; events nobody wants are dropped.
/// Safe on several nodes at once: a (event, subscription) pair is unique, so a second node's insert fails and is dropped.
/// </summary>
public sealed class EventFanOut(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, ILogger<EventFanOut> logger)
{
    private const int Batch = 200;

    /// <returns>How many deliveries were queued.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = await db.WorkspaceEvents.Where(e => !e.FannedOut).OrderBy(e => e.Id).Take(Batch).ToListAsync(cancellationToken);
        if (events.Count == 0)
        {
            return 0;
        }
        var workspaceIds = events.Select(e => e.WorkspaceId).Distinct().ToList();
        var subscriptions = await db.EventSubscriptions.AsNoTracking()
            .Where(s => workspaceIds.Contains(s.WorkspaceId) && s.Enabled)
            .Select(s => new { s.Id, s.WorkspaceId, s.Events })
            .ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var raised in events)
        {
            var targets = subscriptions.Where(s => s.WorkspaceId == raised.WorkspaceId && EventSubscription.ParseEvents(s.Events).Contains(raised.Type)).ToList();
            if (targets.Count == 0)
            {
                db.WorkspaceEvents.Remove(raised);
                continue;
            }
            raised.FannedOut = true;
            foreach (var target in targets)
            {
                db.EventDeliveries.Add(EventDelivery.Of(raised, target.Id, time));
                queued++;
            }
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            logger.LogDebug(ex, "Another node fanned out these events first");
            return 0;
        }
        return queued;
    }
}
