using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Common;
using SmsPortal.EventWebhooks;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.EventWebhooks;

/// <summary>What the event webhooks page calls: edits checked and audited, roles checked in the database, bulk replay by filter.</summary>
public sealed class EventWebhookManagementTests
{
    [Fact]
    public async Task Update_NewUrlAndEvents_SavedAndAudited_PrivateUrlRefused()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        var owner = await app.OwnerAsync(endpoint);
        var webhooks = app.Services.GetRequiredService<EventWebhookService>();
        var id = (await webhooks.CreateAsync(endpoint.WorkspaceId, owner, "http://127.0.0.1:9/a", ["message.received"], null)).Subscription.Id;

        var updated = await webhooks.UpdateAsync(endpoint.WorkspaceId, owner, id, " http://127.0.0.1:9/b ", ["ticket.opened", "message.sent"], "Helpdesk");
        var refused = await Assert.ThrowsAsync<UserInputException>(() => webhooks.UpdateAsync(endpoint.WorkspaceId, owner, id, "http://10.0.0.5/x", ["message.sent"], null));

        Assert.Equal(("http://127.0.0.1:9/b", "Helpdesk"), (updated.Url, updated.Description));
        Assert.Equal(["message.sent", "ticket.opened"], updated.Events);
        Assert.Contains("10.0.0.5", refused.Message);
        await using var db = app.CreateDbContext();
        var audit = await db.AuditLog.SingleAsync(a => a.WorkspaceId == endpoint.WorkspaceId && a.Action == "event_webhook.updated");
        Assert.Equal("http://127.0.0.1:9/a: message.received -> http://127.0.0.1:9/b: message.sent ticket.opened", audit.Detail);
        Assert.Equal("http://127.0.0.1:9/b", (await db.EventSubscriptions.SingleAsync(s => s.Id == id)).Url);
    }

    [Fact]
    public async Task AnAgent_CannotSeeTheLogOrChangeAnything_CheckedInTheDatabase()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        var webhooks = app.Services.GetRequiredService<EventWebhookService>();
        var log = app.Services.GetRequiredService<EventDeliveryLog>();
        var id = (await webhooks.CreateAsync(endpoint.WorkspaceId, await app.OwnerAsync(endpoint), "http://127.0.0.1:9/a", ["message.received"], null)).Subscription.Id;
        var agent = await app.MemberAsync(endpoint.WorkspaceId, role: WorkspaceRole.Agent);

        Func<Task>[] attempts =
        [
            () => webhooks.OverviewAsync(endpoint.WorkspaceId, agent),
            () => webhooks.UpdateAsync(endpoint.WorkspaceId, agent, id, "http://127.0.0.1:9/b", ["message.received"], null),
            () => webhooks.RevealSecretAsync(endpoint.WorkspaceId, agent, id),
            () => webhooks.RotateSecretAsync(endpoint.WorkspaceId, agent, id, TimeSpan.Zero),
            () => webhooks.SetEnabledAsync(endpoint.WorkspaceId, agent, id, false),
            () => webhooks.DeleteAsync(endpoint.WorkspaceId, agent, id),
            () => log.ListAsync(endpoint.WorkspaceId, agent, id),
            () => log.ReplayAllAsync(endpoint.WorkspaceId, agent, id, new EventLogFilter(EventDeliveryStatus.Failed)),
        ];

        foreach (var attempt in attempts)
        {
            Assert.Contains("Only an Owner or Admin", (await Assert.ThrowsAsync<UserInputException>(attempt)).Message);
        }
        await using var db = app.CreateDbContext();
        Assert.False(await db.AuditLog.AnyAsync(a => a.WorkspaceId == endpoint.WorkspaceId && a.Action.StartsWith("event_webhook.") && a.Action != "event_webhook.created"));
    }

    [Fact]
    public async Task ReplayAll_FailedInATimeRange_RequeuesOnlyThose_CountShownFirst()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        var owner = await app.OwnerAsync(endpoint);
        var id = (await app.Services.GetRequiredService<EventWebhookService>().CreateAsync(
            endpoint.WorkspaceId, owner, "http://127.0.0.1:9/a", ["message.received"], null)).Subscription.Id;
        await app.Services.GetRequiredService<EventWebhookService>().SetEnabledAsync(endpoint.WorkspaceId, owner, id, false);
        var day = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        await using (var db = app.CreateDbContext())
        {
            Add(db, endpoint, id, "a", EventDeliveryStatus.Failed, day.AddHours(1));
            Add(db, endpoint, id, "b", EventDeliveryStatus.Failed, day.AddHours(23));
            Add(db, endpoint, id, "c", EventDeliveryStatus.Delivered, day.AddHours(2));
            Add(db, endpoint, id, "d", EventDeliveryStatus.Failed, day.AddDays(1).AddHours(1));
            Add(db, endpoint, id, "e", EventDeliveryStatus.Failed, day.AddHours(-1));
            await db.SaveChangesAsync();
        }
        var log = app.Services.GetRequiredService<EventDeliveryLog>();
        var filter = new EventLogFilter(EventDeliveryStatus.Failed, day, day.AddDays(1));

        var shown = (await log.ListAsync(endpoint.WorkspaceId, owner, id, filter)).Deliveries.Select(d => d.Id).ToList();
        var counted = await log.CountReplayableAsync(endpoint.WorkspaceId, owner, id, filter);
        var replayed = await log.ReplayAllAsync(endpoint.WorkspaceId, owner, id, filter);

        Assert.Equal(["evd_b", "evd_a"], shown);
        Assert.Equal((2, 2), (counted, replayed));
        await using var check = app.CreateDbContext();
        var pending = await check.EventDeliveries.Where(d => d.SubscriptionId == id && d.Status == EventDeliveryStatus.Pending).Select(d => d.Id).OrderBy(d => d).ToListAsync();
        Assert.Equal(["evd_a", "evd_b"], pending);
        Assert.Contains("2 delivery(ies): failed", (await check.AuditLog.SingleAsync(a => a.Action == "event_webhook.replayed")).Detail);
        await Assert.ThrowsAsync<UserInputException>(() => log.ReplayAllAsync(endpoint.WorkspaceId, owner, id, filter));
    }

    private static void Add(SmsPortal.Data.AppDbContext db, TestEndpoint endpoint, string subscription, string name, EventDeliveryStatus status, DateTimeOffset at)
    {
        db.WorkspaceEvents.Add(new WorkspaceEvent { Id = "evt_" + name, WorkspaceId = endpoint.WorkspaceId, Type = "message.received", Payload = "{}", CreatedAt = at, FannedOut = true });
        db.EventDeliveries.Add(new EventDelivery
        {
            Id = "evd_" + name, WorkspaceId = endpoint.WorkspaceId, EventId = "evt_" + name, SubscriptionId = subscription,
            EventType = "message.received", Status = status, CreatedAt = at, Attempts = 3,
        });
    }
}
