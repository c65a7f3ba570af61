using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Team;

namespace SmsPortal.EventWebhooks;

/// <summary>The last attempt made to a subscription.</summary>
public sealed record LastAttempt(DateTimeOffset At, int? StatusCode, bool Succeeded);

/// <summary>A subscription as the portal shows it: its health, its last attempt and how many deliveries wait or failed.</summary>
public sealed record EventWebhookOverview(EventSubscriptionSummary Subscription, DateTimeOffset? FailingSince, LastAttempt? Last, int Pending, int Failed)
{
    /// <summary>Turned off by the portal after a failing streak (rather than by a person).</summary>
    public bool AutoDisabled => !Subscription.Enabled && Subscription.DisabledReason is not null;
}

public sealed partial class EventWebhookService
{
    /// <summary>Every subscription of the workspace with its health, for Owners and Admins (checked in the database).</summary>
    public async Task<IReadOnlyList<EventWebhookOverview>> OverviewAsync(Guid workspaceId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        var subscriptions = await db.EventSubscriptions.AsNoTracking().Where(s => s.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        var counts = await db.EventDeliveries.Where(d => d.WorkspaceId == workspaceId && d.Status != EventDeliveryStatus.Delivered)
            .GroupBy(d => new { d.SubscriptionId, d.Status })
            .Select(g => new { g.Key.SubscriptionId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var overview = new List<EventWebhookOverview>();
        foreach (var s in subscriptions.OrderBy(s => s.CreatedAt))
        {
            var last = await db.EventDeliveryAttempts.AsNoTracking()
                .Where(a => a.WorkspaceId == workspaceId && db.EventDeliveries.Any(d => d.Id == a.DeliveryId && d.SubscriptionId == s.Id))
                .OrderByDescending(a => a.Id)
                .Select(a => new LastAttempt(a.At, a.StatusCode, a.Succeeded))
                .FirstOrDefaultAsync(cancellationToken);
            int CountOf(EventDeliveryStatus status) => counts.Where(c => c.SubscriptionId == s.Id && c.Status == status).Sum(c => c.Count);
            overview.Add(new EventWebhookOverview(Summarize(s), s.FailingSince, last, CountOf(EventDeliveryStatus.Pending), CountOf(EventDeliveryStatus.Failed)));
        }
        return overview;
    }
}
