using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Outbound;
using SmsPortal.Rules.Model;
using SmsPortal.Tests.Infrastructure;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.Outbound;

public sealed class OutboundDispatcherTests
{
    [Fact]
    public async Task Gateway503ThenUp_DeliveredExactlyOnce()
    {
        await using var messaging = await TestApp.StartWithGatewayAsync();
        var endpoint = await messaging.CreateEndpointAsync();
        await messaging.AddRuleAsync(endpoint, Rule("price", [FirstWord("price")], new ReplyAction("Prices: $5")));
        messaging.Gateway.FailNext(4);

        await messaging.SendAsync(endpoint, "d-1", "price");

        await Eventually.TrueAsync(async () => (await messaging.OutboxAsync(endpoint)).SingleOrDefault()?.Status == OutboundStatus.Sent, "the reply is sent after the outage", 30);
        var id = (await messaging.OutboxAsync(endpoint)).Single().Id;
        Assert.Single(messaging.Gateway.Accepted);
        Assert.True(messaging.Gateway.Requests.Count >= 5);
        Assert.All(messaging.Gateway.Requests, r => Assert.Equal(id, r.Headers["Idempotency-Key"]));
    }

    [Fact]
    public async Task GatewayUnreachableThenStarted_Delivered()
    {
        var port = FakeGateway.FreePort();
        await using var app = new TestApp(settings: new()
        {
            ["Gateway:Type"] = "Generic",
            ["Gateway:BaseUrl"] = $"http://127.0.0.1:{port}",
        });
        using var client = app.CreateHttpClient();
        var endpoint = await app.CreateEndpointAsync();
        await app.Services.GetRequiredService<SmsPortal.RuleSets.RuleService>().SaveAsync(endpoint.WorkspaceId, Rule("price", [FirstWord("price")], new ReplyAction("Prices")), SmsPortal.Audit.Actor.Cli());

        await client.PostAsync(endpoint, Deliveries.Body("u-1", "price"));
        await Eventually.TrueAsync(async () => (await OutboxAsync(app)).Any(m => m.Attempts >= 1 && m.Status == OutboundStatus.Queued), "a first attempt fails");
        Assert.Contains("unreachable", (await OutboxAsync(app)).Single().FailureReason);
        await using var gateway = await FakeGateway.StartAsync(port);

        await gateway.WaitForAsync(g => g.Accepted.Count == 1, "the reply arrives once the gateway is up", 30);
        await Eventually.TrueAsync(async () => (await OutboxAsync(app)).Single().Status == OutboundStatus.Sent, "marked sent");
    }

    [Fact]
    public async Task Gateway400_FailedWithReasonNotRetried()
    {
        await using var messaging = await TestApp.StartWithGatewayAsync();
        var endpoint = await messaging.CreateEndpointAsync();
        await messaging.AddRuleAsync(endpoint, Rule("price", [FirstWord("price")], new ReplyAction("Prices: $5")));
        messaging.Gateway.Status = HttpStatusCode.BadRequest;

        await messaging.SendAsync(endpoint, "b-1", "price");

        await Eventually.TrueAsync(async () => (await messaging.OutboxAsync(endpoint)).SingleOrDefault()?.Status == OutboundStatus.Failed, "the reply fails");
        var failed = (await messaging.OutboxAsync(endpoint)).Single();
        Assert.Contains("400", failed.FailureReason);
        Assert.Contains("invalid recipient", failed.FailureReason);
        Assert.Single(messaging.Gateway.Requests);
        Assert.Empty(messaging.Gateway.Accepted);
    }

    [Fact]
    public async Task NoGatewayConfigured_StaysQueuedThenSentOnceConfigured()
    {
        await using var messaging = await TestApp.StartWithGatewayAsync(configureGateway: false);
        var endpoint = await messaging.CreateEndpointAsync();
        await messaging.AddRuleAsync(endpoint, Rule("price", [FirstWord("price")], new ReplyAction("Prices: $5")));

        await messaging.SendAsync(endpoint, "n-1", "price");
        await messaging.WaitUntilProcessedAsync(endpoint, 1);
        await Task.Delay(500);
        Assert.Equal(OutboundStatus.Queued, (await messaging.OutboxAsync(endpoint)).Single().Status);

        // As when appsettings.json is edited while the app runs.
        var configuration = (IConfigurationRoot)messaging.Services.GetRequiredService<IConfiguration>();
        configuration["Gateway:Type"] = "Generic";
        configuration["Gateway:BaseUrl"] = messaging.Gateway.Url;
        configuration.Reload();

        await messaging.Gateway.WaitForAsync(g => g.Accepted.Count == 1, "the queued reply leaves once a gateway is configured");
    }

    [Fact]
    public async Task ManualSend_ToOptedOutContact_RefusedWithClearError()
    {
        await using var messaging = await TestApp.StartWithGatewayAsync();
        var endpoint = await messaging.CreateEndpointAsync();
        await messaging.SendAsync(endpoint, "m-1", "STOP");
        await messaging.WaitUntilProcessedAsync(endpoint, 1);
        await using var db = messaging.CreateDbContext();
        var contact = await db.Contacts.SingleAsync(c => c.WorkspaceId == endpoint.WorkspaceId);

        var error = await Assert.ThrowsAsync<UserInputException>(() =>
            messaging.Services.GetRequiredService<OutboundService>().SendAsync(endpoint.WorkspaceId, Actor.Cli(), contact.Id, "Are you sure?"));

        Assert.Contains("opted out", error.Message);
    }

    [Fact]
    public async Task QueuedReply_ContactOptsOutBeforeSend_NotSent()
    {
        await using var messaging = await TestApp.StartWithGatewayAsync(configureGateway: false);
        var endpoint = await messaging.CreateEndpointAsync();
        await messaging.AddRuleAsync(endpoint, Rule("price", [FirstWord("price")], new ReplyAction("Prices: $5")));
        await messaging.SendAsync(endpoint, "q-1", "price");
        await messaging.SendAsync(endpoint, "q-2", "STOP");
        await messaging.WaitUntilProcessedAsync(endpoint, 2);

        var configuration = (IConfigurationRoot)messaging.Services.GetRequiredService<IConfiguration>();
        configuration["Gateway:Type"] = "Generic";
        configuration["Gateway:BaseUrl"] = messaging.Gateway.Url;
        configuration.Reload();

        await messaging.Gateway.WaitForAsync(g => g.Accepted.Count == 1, "only the confirmation is sent");
        await Eventually.TrueAsync(async () => (await messaging.OutboxAsync(endpoint)).Any(m => m.Status == OutboundStatus.Failed), "the earlier reply is failed");
        var outbox = await messaging.OutboxAsync(endpoint);
        Assert.Equal("The recipient has opted out.", outbox.Single(m => !m.IsOptOutConfirmation).FailureReason);
        Assert.True(messaging.Gateway.AcceptedBodies.Single().GetProperty("text").GetString()!.Length > 0);
    }

    [Fact]
    public async Task DeduplicatingGateway_ClaimsASecondShareAhead_NeverMoreThanItsShareAtTheGateway()
    {
        await using var messaging = await TestApp.StartWithGatewayAsync(settings: new()
        {
            ["Gateway:MaxInFlightPerWorkspace"] = "3",
        });
        var endpoint = await messaging.CreateEndpointAsync();
        await messaging.AddRuleAsync(endpoint, Rule("price", [FirstWord("price")], new ReplyAction("Prices: $5")));
        // The first send tells the dispatcher this gateway deduplicates; it answers, every later request hangs.
        messaging.Gateway.Hang = _ => messaging.Gateway.Requests.Count > 1;
        await messaging.SendAsync(endpoint, "ahead-0", "price", from: "+15550000100");
        await messaging.Gateway.WaitForAsync(g => g.Accepted.Count == 1, "the first reply is sent");

        for (var i = 1; i <= 10; i++)
        {
            await messaging.SendAsync(endpoint, $"ahead-{i}", "price", from: $"+1555000{i + 100:D4}");
        }

        // Three at the hanging gateway and three more claimed ahead, waiting on this node for a slot. A row is
        // Sending from its claim, a moment before its request reaches the gateway: wait for both, then give the rows
        // claimed ahead time to (wrongly) go out too.
        await Eventually.TrueAsync(async () => (await messaging.OutboxAsync(endpoint)).Count(m => m.Status == OutboundStatus.Sending) == 6
            && messaging.Gateway.Requests.Count - 1 == 3, "a second share is claimed ahead, a share is at the gateway", 30);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(3, messaging.Gateway.Requests.Count - 1);

        messaging.Gateway.Hang = null;
        await Eventually.TrueAsync(async () => (await messaging.OutboxAsync(endpoint)).All(m => m.Status == OutboundStatus.Sent),
            "every reply is sent once the gateway answers again", 60);
        Assert.Equal(11, messaging.Gateway.Accepted.Count);
    }

    private static async Task<List<OutboundMessage>> OutboxAsync(TestApp app)
    {
        await using var db = app.CreateDbContext();
        return await db.OutboundMessages.ToListAsync();
    }

    [Fact]
    public async Task SendTest_ToANationalNumber_ReachesTheGatewayAndShowsUpAsAContact()
    {
        await using var messaging = await TestApp.StartWithGatewayAsync();
        var endpoint = await messaging.CreateEndpointAsync();
        var outbound = messaging.Services.GetRequiredService<OutboundService>();

        var queued = await outbound.SendTestAsync(endpoint.WorkspaceId, Actor.Cli(), "(555) 123-4567");
        var refused = await Assert.ThrowsAsync<UserInputException>(() => outbound.SendTestAsync(endpoint.WorkspaceId, Actor.Cli(), "call me"));

        await messaging.Gateway.WaitForAsync(g => g.Accepted.ContainsKey(queued.Id), "the test SMS reaches the gateway");
        Assert.Equal(("+15551234567", OutboundService.TestText), (queued.To, queued.Text));
        Assert.Contains("not a phone number", refused.Message);
        await using var db = messaging.CreateDbContext();
        Assert.True(await db.Contacts.AnyAsync(c => c.WorkspaceId == endpoint.WorkspaceId && c.Number == "+15551234567"));
    }
}
