using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsPortal.Audit;
using SmsPortal.Data;
using SmsPortal.Notifications;

namespace SmsPortal.EventWebhooks;

/// <summary>
/// A subscription's failing streak: reset by any success; after <see cref="EventWebhookOptions.DisableAfterFailures"/>
/// failures in a row over at least <see cref="EventWebhookOptions.DisableAfterFailingFor"/> it is disabled, and the team
/// gets a notice (and the audit log a line) saying so. Its pending deliveries wait and flow again once it is re-enabled.
/// </summary>
public sealed class EventHealth(IDbContextFactory<AppDbContext> dbFactory, IOptionsMonitor<EventWebhookOptions> options, TimeProvider time)
{
    public const string DisabledAction = "event_webhook.auto_disabled";

    public async Task RecordAsync(string subscriptionId, bool succeeded)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var now = time.GetUtcNow();
        if (succeeded)
        {
            await db.EventSubscriptions.Where(s => s.Id == subscriptionId && s.FailureStreak > 0).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.FailureStreak, 0)
                .SetProperty(x => x.FailingSince, (DateTimeOffset?)null));
            return;
        }
        await db.EventSubscriptions.Where(s => s.Id == subscriptionId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.FailureStreak, x => x.FailureStreak + 1)
            .SetProperty(x => x.FailingSince, x => x.FailingSince ?? now));
        var limits = options.CurrentValue;
        var failingSince = now - limits.DisableAfterFailingFor;
        var reason = $"Disabled after {limits.DisableAfterFailures} or more failed deliveries in a row; fix the receiver, then enable it to deliver what waited.";
        var disabled = await db.EventSubscriptions
            .Where(s => s.Id == subscriptionId && s.Enabled && s.FailureStreak >= limits.DisableAfterFailures && s.FailingSince <= failingSince)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Enabled, false).SetProperty(x => x.DisabledReason, reason));
        if (disabled == 0)
        {
            return;
        }
        var subscription = await db.EventSubscriptions.AsNoTracking().SingleAsync(s => s.Id == subscriptionId);
        db.Notifications.Add(new Notification
        {
            WorkspaceId = subscription.WorkspaceId,
            At = now,
            Text = $"The event webhook {subscription.Url} was turned off: its last {subscription.FailureStreak} deliveries failed. " +
                "Administration → Event webhooks shows the attempts; enable it again once the receiver works.",
        });
        db.AddAudit(subscription.WorkspaceId, new Actor(null, "system"), DisabledAction, subscription.Id, now, reason);
        await db.SaveChangesAsync();
    }
}
