using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Cluster;
using SmsPortal.Common;
using SmsPortal.EventWebhooks;
using SmsPortal.Messages;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.EventWebhooks;

/// <summary>
/// Events nobody subscribes to are not raised, and the node's copy of who wants what follows every change: one made
/// on this node at once, one made on another node (or the CLI) through its announcement.
/// </summary>
public sealed class EventInterestTests : IAsyncLifetime
{
    private EventReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await EventReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Wanted_IsWhatTheEnabledSubscriptionsWant()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        var service = app.Services.GetRequiredService<EventWebhookService>();
        var interest = app.Services.GetRequiredService<EventInterest>();
        var owner = await app.OwnerAsync(endpoint);

        Assert.Empty(await interest.WantedAsync(endpoint.WorkspaceId));
        var received = await service.CreateAsync(endpoint.WorkspaceId, owner, _receiver.Url, [EventTypes.MessageReceived], null);
        var sent = await service.CreateAsync(endpoint.WorkspaceId, owner, _receiver.Url, [EventTypes.MessageSent, EventTypes.MessageFailed], null);
        Assert.Equal([EventTypes.MessageFailed, EventTypes.MessageReceived, EventTypes.MessageSent], (await interest.WantedAsync(endpoint.WorkspaceId)).Order());

        await service.SetEnabledAsync(endpoint.WorkspaceId, owner, sent.Subscription.Id, false);
        Assert.Equal([EventTypes.MessageReceived], await interest.WantedAsync(endpoint.WorkspaceId));

        await service.DeleteAsync(endpoint.WorkspaceId, owner, received.Subscription.Id);
        Assert.Empty(await interest.WantedAsync(endpoint.WorkspaceId));
    }

    [Fact]
    public async Task MessagesBeforeAndAfterSubscribing_OnlyTheLaterOnesEventIsRaisedAndDelivered()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        await app.SendAsync(endpoint, "before", "before subscribing");
        await ProcessedAsync(app, endpoint, 1);

        var created = await app.Services.GetRequiredService<EventWebhookService>()
            .CreateAsync(endpoint.WorkspaceId, await app.OwnerAsync(endpoint), _receiver.Url, [EventTypes.MessageReceived], null);
        _receiver.Secret = created.Secret;
        await app.SendAsync(endpoint, "after", "after subscribing");

        await _receiver.WaitForAsync(r => r.Accepted.Any(), "the second message's event arrives");
        await ProcessedAsync(app, endpoint, 2);
        Assert.Equal(["after subscribing"], _receiver.Accepted.Select(r => r.Json.GetProperty("data").GetProperty("text").GetString()));
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.WorkspaceEvents.CountAsync(e => e.WorkspaceId == endpoint.WorkspaceId));
    }

    [Fact]
    public async Task SubscriptionMadeOnAnotherNode_AnnouncedThere_SeenHereForTheNextMessage()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        var interest = app.Services.GetRequiredService<EventInterest>();
        Assert.Empty(await interest.WantedAsync(endpoint.WorkspaceId));

        // What another node's EventWebhookService leaves behind: the row, and its announcement.
        await using (var db = app.CreateDbContext())
        {
            var secret = EventSigning.NewSecret();
            _receiver.Secret = secret;
            db.EventSubscriptions.Add(new EventSubscription
            {
                Id = "ewh_othernode0000000000001",
                WorkspaceId = endpoint.WorkspaceId,
                Url = _receiver.Url,
                Events = EventTypes.MessageReceived,
                ProtectedSecret = app.Services.GetRequiredService<EventSigning>().Protect(secret),
                CreatedAt = DateTimeOffset.UtcNow,
            });
            db.ChangeNotices.Add(new ChangeNotice
            {
                Kind = ClusterChanges.EventSubscriptions, Key = endpoint.WorkspaceId.ToString(), Origin = "another-node", At = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        await Eventually.TrueAsync(async () => (await interest.WantedAsync(endpoint.WorkspaceId)).Contains(EventTypes.MessageReceived),
            "the announcement reaches this node");
        await app.SendAsync(endpoint, "next", "the next message");
        await _receiver.WaitForAsync(r => r.Accepted.Any(), "its event arrives");
        Assert.Equal("the next message", _receiver.Accepted.Single().Json.GetProperty("data").GetProperty("text").GetString());
    }

    private static Task ProcessedAsync(TestApp app, TestEndpoint endpoint, int count) =>
        Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            return await db.InboundMessages.CountAsync(m => m.WorkspaceId == endpoint.WorkspaceId && m.Status == ProcessingStatus.Processed) == count;
        }, $"{count} message(s) processed");
}
