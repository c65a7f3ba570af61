using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SmsPortal.Api;
using SmsPortal.Common;
using SmsPortal.EventWebhooks;
using SmsPortal.Hosting;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Hosting;

/// <summary>The hourly housekeeping prunes Idempotency-Keys and the event log after their retention, on a real SQLite file.</summary>
public sealed class RetentionPruningTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task RunOnce_OldIdempotencyKeysAndEventLog_Pruned_RecentAndPendingKept()
    {
        await using var app = new TestApp(settings: new()
        {
            ["Api:IdempotencyRetention"] = "02:00:00",
            ["EventWebhooks:Retention"] = "3.00:00:00",
        });
        var endpoint = await app.CreateEndpointAsync();
        var subscription = (await app.Services.GetRequiredService<EventWebhookService>().CreateAsync(
            endpoint.WorkspaceId, await app.OwnerAsync(endpoint), "http://127.0.0.1:9/events", ["message.received"], null)).Subscription.Id;
        await using (var db = app.CreateDbContext())
        {
            db.IdempotentRequests.Add(Key(endpoint, "old", Now.AddHours(-3)));
            db.IdempotentRequests.Add(Key(endpoint, "recent", Now.AddHours(-1)));
            Seed(db, endpoint, subscription, "old-delivered", EventDeliveryStatus.Delivered, Now.AddDays(-4), attemptAt: Now.AddDays(-4));
            Seed(db, endpoint, subscription, "old-failed", EventDeliveryStatus.Failed, Now.AddDays(-5), attemptAt: Now.AddDays(-5));
            Seed(db, endpoint, subscription, "old-pending", EventDeliveryStatus.Pending, Now.AddDays(-4), attemptAt: Now.AddDays(-4));
            Seed(db, endpoint, subscription, "old-replayed", EventDeliveryStatus.Delivered, Now.AddDays(-6), attemptAt: Now.AddHours(-2));
            Seed(db, endpoint, subscription, "recent", EventDeliveryStatus.Delivered, Now.AddDays(-1), attemptAt: Now.AddDays(-1));
            await db.SaveChangesAsync();
        }

        await app.Services.GetServices<IHostedService>().OfType<Housekeeping>().Single().RunOnceAsync(CancellationToken.None);

        await using var check = app.CreateDbContext();
        Assert.Equal(["recent"], await check.IdempotentRequests.Where(r => r.WorkspaceId == endpoint.WorkspaceId).Select(r => r.Key).ToListAsync());
        var deliveries = await check.EventDeliveries.Where(d => d.WorkspaceId == endpoint.WorkspaceId).Select(d => d.Id).OrderBy(d => d).ToListAsync();
        Assert.Equal(["evd_old-pending", "evd_old-replayed", "evd_recent"], deliveries);
        var events = await check.WorkspaceEvents.Where(e => e.WorkspaceId == endpoint.WorkspaceId).Select(e => e.Id).OrderBy(e => e).ToListAsync();
        Assert.Equal(["evt_old-pending", "evt_old-replayed", "evt_recent"], events);
        var attempts = await check.EventDeliveryAttempts.Where(a => a.WorkspaceId == endpoint.WorkspaceId).Select(a => a.DeliveryId).OrderBy(d => d).ToListAsync();
        Assert.Equal(["evd_old-replayed", "evd_recent"], attempts);
    }

    [Fact]
    public async Task ExpiredIdempotencyKey_IsForgotten_SoTheSameKeySendsAgain()
    {
        await using var app = await TestApp.StartWithGatewayAsync(settings: new() { ["Api:IdempotencyRetention"] = "01:00:00" });
        var endpoint = await app.CreateEndpointAsync();
        using var client = await app.ApiClientAsync(endpoint.WorkspaceId, "messages:send");
        var first = await (await client.SendSmsAsync("+15550001313", "hi", "k-1")).JsonAsync();
        await using (var db = app.CreateDbContext())
        {
            await db.IdempotentRequests.Where(r => r.WorkspaceId == endpoint.WorkspaceId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, Now.AddHours(-2)));
        }

        var pruned = await app.Services.GetServices<IPeriodicCleanup>().OfType<ApiSending>().Single().RunAsync(CancellationToken.None);
        var second = await (await client.SendSmsAsync("+15550001313", "hi", "k-1")).JsonAsync();

        Assert.Equal(1, pruned);
        Assert.NotEqual(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("EventWebhooks:Retention", "00:30:00", "EventWebhooks:Retention must be between 1 day and 365 days.")]
    [InlineData("Api:IdempotencyRetention", "60.00:00:00", "Api:IdempotencyRetention must be between 1 hour and 30 days.")]
    public async Task AppStart_RetentionOutOfRange_RefusedNamingTheSetting(string setting, string value, string message)
    {
        await using var app = new TestApp(settings: new() { [setting] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateHttpClient());

        var validation = Assert.IsType<OptionsValidationException>(error is AggregateException aggregate ? aggregate.Flatten().InnerExceptions.Single() : error);
        Assert.Contains(validation.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    private static IdempotentRequest Key(TestEndpoint endpoint, string key, DateTimeOffset at) =>
        new() { WorkspaceId = endpoint.WorkspaceId, Key = key, RequestHash = new byte[32], MessageId = "out_" + key, CreatedAt = at };

    private static void Seed(
        SmsPortal.Data.AppDbContext db, TestEndpoint endpoint, string subscription, string name, EventDeliveryStatus status, DateTimeOffset createdAt, DateTimeOffset attemptAt)
    {
        db.WorkspaceEvents.Add(new WorkspaceEvent
        {
            Id = "evt_" + name, WorkspaceId = endpoint.WorkspaceId, Type = "message.received", Payload = "{}", CreatedAt = createdAt, FannedOut = true,
        });
        db.EventDeliveries.Add(new EventDelivery
        {
            Id = "evd_" + name, WorkspaceId = endpoint.WorkspaceId, EventId = "evt_" + name, SubscriptionId = subscription,
            EventType = "message.received", Status = status, CreatedAt = createdAt, Attempts = 1,
        });
        db.EventDeliveryAttempts.Add(new EventDeliveryAttempt { WorkspaceId = endpoint.WorkspaceId, DeliveryId = "evd_" + name, At = attemptAt, StatusCode = 204, Succeeded = true });
    }
}
