using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.EventWebhooks;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.EventWebhooks;

/// <summary>Events from real SMS through the real app to a receiver on loopback that verifies each with the Standard Webhooks library.</summary>
public sealed class EventDeliveryTests : IAsyncLifetime
{
    private static Dictionary<string, string?> FastRetries => EventReceiver.FastRetries();

    private EventReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await EventReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task ReceiverFailsTwiceThenSucceeds_EachEventArrivesOnceVerified_AttemptsLogged()
    {
        await using var app = new TestApp(settings: FastRetries);
        var endpoint = await app.CreateEndpointAsync();
        await SubscribeAsync(app, endpoint, "message.received");
        _receiver.FailNext(2);

        for (var i = 0; i < 3; i++)
        {
            await app.SendAsync(endpoint, $"evt-{i}", $"message {i}");
        }

        await _receiver.WaitForAsync(r => r.Accepted.Count() == 3, "three events are accepted");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.All(_receiver.Received, r => Assert.True(r.Verified, r.Body));
        Assert.Equal(5, _receiver.Received.Count);
        Assert.Equal(3, _receiver.Accepted.Select(r => r.Id).Distinct().Count());
        Assert.Equal(["message 0", "message 1", "message 2"],
            _receiver.Accepted.Select(r => r.Json.GetProperty("data").GetProperty("text").GetString()).Order());
        Assert.All(_receiver.Accepted, r => Assert.Equal("message.received", r.Json.GetProperty("type").GetString()));
        await using var db = app.CreateDbContext();
        var attempts = await db.EventDeliveryAttempts.Where(a => a.WorkspaceId == endpoint.WorkspaceId).ToListAsync();
        Assert.Equal((5, 2), (attempts.Count, attempts.Count(a => a.StatusCode == 500)));
        Assert.All(attempts.Where(a => !a.Succeeded), a => Assert.Contains("receiver is down", a.Response));
        Assert.All(await db.EventDeliveries.Where(d => d.WorkspaceId == endpoint.WorkspaceId).ToListAsync(), d => Assert.Equal(EventDeliveryStatus.Delivered, d.Status));
    }

    [Fact]
    public async Task Replay_ResendsTheSameWebhookId()
    {
        await using var app = new TestApp(settings: FastRetries);
        var endpoint = await app.CreateEndpointAsync();
        var subscription = await SubscribeAsync(app, endpoint, "message.received");
        await app.SendAsync(endpoint, "replay-1", "hello");
        await _receiver.WaitForAsync(r => r.Accepted.Count() == 1, "the event arrives");
        // The receiver's answer is in before the dispatcher settles the delivery; a replay needs it settled.
        await Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            return await db.EventDeliveries.AnyAsync(d => d.SubscriptionId == subscription && d.Status == EventDeliveryStatus.Delivered);
        }, "the delivery is settled");
        var delivery = Assert.Single((await app.Services.GetRequiredService<EventDeliveryLog>().ListAsync(endpoint.WorkspaceId, await app.OwnerAsync(endpoint), subscription)).Deliveries);

        await app.Services.GetRequiredService<EventDeliveryLog>().ReplayAsync(endpoint.WorkspaceId, await app.OwnerAsync(endpoint), delivery.Id);

        await _receiver.WaitForAsync(r => r.Accepted.Count() == 2, "the replay arrives");
        var (first, replayed) = (_receiver.Accepted.First(), _receiver.Accepted.Last());
        Assert.Equal((delivery.EventId, delivery.EventId), (first.Id, replayed.Id));
        Assert.Equal(first.Body, replayed.Body);
        Assert.True(replayed.Verified);
    }

    [Fact]
    public async Task LongFailingStreak_DisablesTheWebhook_WithANoticeAndAuditLine()
    {
        var settings = new Dictionary<string, string?>(FastRetries)
        {
            ["EventWebhooks:DisableAfterFailures"] = "3",
            ["EventWebhooks:DisableAfterFailingFor"] = "00:00:00",
        };
        await using var app = new TestApp(settings: settings);
        var endpoint = await app.CreateEndpointAsync();
        var subscription = await SubscribeAsync(app, endpoint, "message.received");
        _receiver.FailNext(int.MaxValue);

        await app.SendAsync(endpoint, "down-1", "anyone there?");

        await Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            return !(await db.EventSubscriptions.SingleAsync(s => s.Id == subscription)).Enabled;
        }, "the webhook is disabled");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await using var check = app.CreateDbContext();
        var disabled = await check.EventSubscriptions.SingleAsync(s => s.Id == subscription);
        Assert.Contains("failed deliveries in a row", disabled.DisabledReason);
        Assert.Equal(3, _receiver.Received.Count);
        Assert.Contains(await check.Notifications.Where(n => n.WorkspaceId == endpoint.WorkspaceId).Select(n => n.Text).ToListAsync(), t => t.Contains(_receiver.Url));
        Assert.True(await check.AuditLog.AnyAsync(a => a.WorkspaceId == endpoint.WorkspaceId && a.Action == EventHealth.DisabledAction));
        Assert.Equal(EventDeliveryStatus.Pending, (await check.EventDeliveries.SingleAsync(d => d.SubscriptionId == subscription)).Status);

        _receiver.FailNext(0);
        await app.Services.GetRequiredService<EventWebhookService>().SetEnabledAsync(endpoint.WorkspaceId, await app.OwnerAsync(endpoint), subscription, true);

        await _receiver.WaitForAsync(r => r.Accepted.Count() == 1, "the waiting event is delivered once re-enabled");
    }

    [Fact]
    public async Task OptOutAndTicket_RaiseTheirEvents_OnlyToSubscribersOfThem()
    {
        await using var app = new TestApp(settings: FastRetries);
        var endpoint = await app.CreateEndpointAsync();
        await SubscribeAsync(app, endpoint, "contact.opted_out", "ticket.opened");
        await app.AddRuleAsync(endpoint, TestRules.Rule("ticket", [TestRules.FirstWord("HELP")], new SmsPortal.Rules.Model.OpenTicketAction("Help request")));

        await app.SendAsync(endpoint, "c-1", "HELP me", "+15550001212");
        await app.SendAsync(endpoint, "c-2", "STOP", "+15550001212");

        await _receiver.WaitForAsync(r => r.Accepted.Count() == 2, "the ticket and the opt-out arrive");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(["contact.opted_out", "ticket.opened"], _receiver.Accepted.Select(r => r.Json.GetProperty("type").GetString()).Order());
        var optOut = _receiver.Accepted.Single(r => r.Json.GetProperty("type").GetString() == "contact.opted_out").Json.GetProperty("data");
        Assert.Equal(("+15550001212", true), (optOut.GetProperty("number").GetString(), optOut.GetProperty("optedOut").GetBoolean()));
    }

    private async Task<string> SubscribeAsync(TestApp app, TestEndpoint endpoint, params string[] events)
    {
        var created = await app.Services.GetRequiredService<EventWebhookService>().CreateAsync(endpoint.WorkspaceId, await app.OwnerAsync(endpoint), _receiver.Url, events, null);
        _receiver.Secret = created.Secret;
        return created.Subscription.Id;
    }
}
