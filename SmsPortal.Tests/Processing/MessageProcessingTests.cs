using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Live;
using SmsPortal.Outbound;
using SmsPortal.Processing;
using SmsPortal.Rules.Model;
using SmsPortal.Settings;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Tickets;
using SmsPortal.Webhooks;
using static SmsPortal.Tests.Infrastructure.MessagingApp;

namespace SmsPortal.Tests.Processing;

/// <summary>Through the real webhook to a fake gateway on loopback: what a verified message makes happen.</summary>
public sealed class MessageProcessingTests : IAsyncLifetime
{
    private MessagingApp _messaging = null!;

    public async Task InitializeAsync() => _messaging = await MessagingApp.StartAsync();

    public async Task DisposeAsync() => await _messaging.DisposeAsync();

    [Fact]
    public async Task KeywordRule_Reply_ArrivesAtGatewayRendered()
    {
        var endpoint = await _messaging.App.CreateEndpointAsync();
        await _messaging.AddRuleAsync(endpoint, Rule("price", [FirstWord("price", "prices")],
            new ReplyAction("Hi {{contact.number}}! You asked '{{message.text}}' ({{keyword}}): small $5, large $9.")));

        await _messaging.SendAsync(endpoint, "p-1", "Price?", from: "+1 (555) 000-1111");

        await _messaging.Gateway.WaitForAsync(g => g.Accepted.Count == 1, "the reply reaches the gateway");
        var request = _messaging.Gateway.Requests.Single();
        var outbound = (await _messaging.OutboxAsync(endpoint)).Single();
        Assert.Equal(("POST", "/messages"), (request.Method, request.Path));
        Assert.Equal("Bearer gw-test-key", request.Headers["Authorization"]);
        Assert.Equal(outbound.Id, request.Headers["Idempotency-Key"]);
        Assert.Equal(outbound.Id, request.Json.GetProperty("id").GetString());
        Assert.Equal("+15550001111", request.Json.GetProperty("to").GetString());
        Assert.Equal("Hi +15550001111! You asked 'Price?' (price): small $5, large $9.", request.Json.GetProperty("text").GetString());
        await Eventually.TrueAsync(async () => (await _messaging.OutboxAsync(endpoint)).Single().Status == OutboundStatus.Sent, "the outbox marks it sent");
        Assert.Equal("gw-" + outbound.Id, (await _messaging.OutboxAsync(endpoint)).Single().GatewayMessageId);
    }

    [Fact]
    public async Task Stop_OptsOutConfirmsAndLaterAutoRepliesAreNotSent()
    {
        var endpoint = await _messaging.App.CreateEndpointAsync();
        await _messaging.AddRuleAsync(endpoint, Rule("price", [FirstWord("price")], new ReplyAction("Prices: $5")));

        await _messaging.SendAsync(endpoint, "s-1", "STOP");
        await _messaging.Gateway.WaitForAsync(g => g.Accepted.Count == 1, "the opt-out confirmation is sent");
        await _messaging.SendAsync(endpoint, "s-2", "price");
        await _messaging.WaitUntilProcessedAsync(endpoint, 2);

        await using var db = _messaging.App.CreateDbContext();
        var contact = await db.Contacts.SingleAsync(c => c.WorkspaceId == endpoint.WorkspaceId);
        Assert.True(contact.IsOptedOut);
        var confirmation = (await _messaging.OutboxAsync(endpoint)).Single();
        Assert.True(confirmation.IsOptOutConfirmation);
        Assert.Equal(OutboundOrigin.Compliance, confirmation.Origin);
        var skipped = await db.ActionExecutions.SingleAsync(e => e.RuleId == "price" && e.Action == "Reply");
        Assert.Equal(ActionOutcome.Skipped, skipped.Outcome);
        Assert.Contains("opted out", skipped.Detail);
        Assert.Single(_messaging.Gateway.Accepted);
        Assert.Contains(await db.AuditLog.Where(a => a.WorkspaceId == endpoint.WorkspaceId).ToListAsync(), a => a.Action == "contact.opted_out");
    }

    [Fact]
    public async Task Start_AfterStop_OptsBackInAndRepliesFlowAgain()
    {
        var endpoint = await _messaging.App.CreateEndpointAsync();
        await _messaging.AddRuleAsync(endpoint, Rule("price", [FirstWord("price")], new ReplyAction("Prices: $5")));

        await _messaging.SendAsync(endpoint, "o-1", "stop");
        await _messaging.SendAsync(endpoint, "o-2", " Start! ");
        await _messaging.SendAsync(endpoint, "o-3", "price please");

        await _messaging.Gateway.WaitForAsync(g => g.AcceptedBodies.Any(b => b.GetProperty("text").GetString() == "Prices: $5"), "the reply after opting back in");
        await using var db = _messaging.App.CreateDbContext();
        Assert.False((await db.Contacts.SingleAsync(c => c.WorkspaceId == endpoint.WorkspaceId)).IsOptedOut);
    }

    [Fact]
    public async Task LoopGuard_SixthAutoReplyWithinWindow_NotSent()
    {
        var endpoint = await _messaging.App.CreateEndpointAsync();
        await _messaging.AddRuleAsync(endpoint, Rule("echo", [FirstWord("hi")], new ReplyAction("Hello!")));

        for (var i = 1; i <= 6; i++)
        {
            await _messaging.SendAsync(endpoint, $"loop-{i}", "hi");
        }
        await _messaging.WaitUntilProcessedAsync(endpoint, 6);

        await using var db = _messaging.App.CreateDbContext();
        Assert.Equal(5, (await _messaging.OutboxAsync(endpoint)).Count);
        var guarded = await db.ActionExecutions.Where(e => e.WorkspaceId == endpoint.WorkspaceId && e.Outcome == ActionOutcome.Skipped).SingleAsync();
        Assert.StartsWith("Loop guard", guarded.Detail);
        await _messaging.Gateway.WaitForAsync(g => g.Accepted.Count == 5, "five replies reach the gateway");
    }

    [Fact]
    public async Task LoopGuard_LimitFromWorkspaceSettings_Honoured()
    {
        var endpoint = await _messaging.App.CreateEndpointAsync();
        await _messaging.App.Services.GetRequiredService<WorkspaceSettingsService>().UpdateAsync(endpoint.WorkspaceId, s => s.LoopGuardMaxReplies = 2);
        await _messaging.AddRuleAsync(endpoint, Rule("echo", [FirstWord("hi")], new ReplyAction("Hello!")));

        for (var i = 1; i <= 3; i++)
        {
            await _messaging.SendAsync(endpoint, $"lim-{i}", "hi");
        }
        await _messaging.WaitUntilProcessedAsync(endpoint, 3);

        Assert.Equal(2, (await _messaging.OutboxAsync(endpoint)).Count);
    }

    [Fact]
    public async Task Contacts_NationalAndInternationalForms_OneContactPerNumber()
    {
        var endpoint = await _messaging.App.CreateEndpointAsync();
        await _messaging.App.Services.GetRequiredService<WorkspaceSettingsService>().UpdateAsync(endpoint.WorkspaceId, s => s.DefaultRegion = "GB");

        await _messaging.SendAsync(endpoint, "c-1", "one", from: "07700 900123");
        await _messaging.SendAsync(endpoint, "c-2", "two", from: "+44 7700 900123");
        await _messaging.SendAsync(endpoint, "c-3", "three", from: "0044-7700-900123");
        await _messaging.SendAsync(endpoint, "c-4", "four", from: "MyBank");
        await _messaging.WaitUntilProcessedAsync(endpoint, 4);

        await using var db = _messaging.App.CreateDbContext();
        var contacts = await db.Contacts.Where(c => c.WorkspaceId == endpoint.WorkspaceId).OrderBy(c => c.Number).ToListAsync();
        Assert.Equal(["+447700900123", "MyBank"], contacts.Select(c => c.Number));
        var thread = await db.InboundMessages.Where(m => m.ContactId == contacts[0].Id).OrderBy(m => m.Id).Select(m => m.Text).ToListAsync();
        Assert.Equal(["one", "two", "three"], thread);
        Assert.Equal(3, contacts[0].InboundCount);
        Assert.Equal("three", contacts[0].LastMessagePreview);
    }

    [Fact]
    public async Task Actions_TagTicketNotify_AppliedAndTicketUpdatedWhileOpen()
    {
        var endpoint = await _messaging.App.CreateEndpointAsync();
        await _messaging.AddRuleAsync(endpoint, Rule("support", [FirstWord("help", "broken")],
            new AddTagAction("support"), new OpenTicketAction("Support: {{message.text}}"), new NotifyTeamAction("agents", "{{contact.number}} needs help")));

        await _messaging.SendAsync(endpoint, "t-1", "broken screen");
        await _messaging.SendAsync(endpoint, "t-2", "broken again");
        await _messaging.WaitUntilProcessedAsync(endpoint, 2);

        await using var db = _messaging.App.CreateDbContext();
        var contact = await db.Contacts.Include(c => c.Tags).SingleAsync(c => c.WorkspaceId == endpoint.WorkspaceId);
        Assert.Equal(["support"], contact.Tags.Select(t => t.Tag));
        var ticket = await db.Tickets.SingleAsync(t => t.ContactId == contact.Id);
        Assert.Equal(("Support: broken screen", TicketStatus.Open, 2), (ticket.Subject, ticket.Status, ticket.MessageCount));
        var notifications = await db.Notifications.Where(n => n.WorkspaceId == endpoint.WorkspaceId).ToListAsync();
        Assert.Equal(2, notifications.Count);
        Assert.All(notifications, n => Assert.Equal(("+15551234567 needs help", "agents"), (n.Text, n.Team)));
        var rule = await db.Rules.SingleAsync(r => r.WorkspaceId == endpoint.WorkspaceId);
        Assert.Equal(2, rule.HitCount);
        Assert.NotNull(rule.LastFiredAt);
    }

    [Fact]
    public async Task Execution_EveryFiredRuleAndAction_Logged()
    {
        var endpoint = await _messaging.App.CreateEndpointAsync();
        await _messaging.AddRuleAsync(endpoint, Rule("first", [FirstWord("order")], new AddTagAction("buyer"), new StopAction()));
        await _messaging.AddRuleAsync(endpoint, Rule("second", [FirstWord("order")], new ReplyAction("never")));

        var ack = await (await _messaging.SendAsync(endpoint, "e-1", "order 12")).ReadAckAsync();
        await _messaging.WaitUntilProcessedAsync(endpoint, 1);

        await using var db = _messaging.App.CreateDbContext();
        var log = await db.ActionExecutions.Where(e => e.MessageId == ack.MessageId).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([("first", -1, "Fired"), ("first", 0, "AddTag"), ("first", 1, "Stop")], log.Select(e => (e.RuleId, e.ActionIndex, e.Action)));
        Assert.Empty(await _messaging.OutboxAsync(endpoint));
    }

    [Fact]
    public async Task Forward_SignedPostWithWorkspaceForwardingSecret()
    {
        var endpoint = await _messaging.App.CreateEndpointAsync();
        await _messaging.AddRuleAsync(endpoint, Rule("crm", [FirstWord("lead")], new ForwardToUrlAction(_messaging.Gateway.Url + "/crm/inbound")));

        await _messaging.SendAsync(endpoint, "f-1", "lead from website");

        await _messaging.Gateway.WaitForAsync(g => g.Requests.Any(r => r.Path == "/crm/inbound"), "the forward arrives");
        var forward = _messaging.Gateway.Requests.Single(r => r.Path == "/crm/inbound");
        var secret = await _messaging.App.Services.GetRequiredService<WorkspaceSettingsService>().ForwardingSecretAsync(endpoint.WorkspaceId);
        Assert.Equal(SignatureVerifier.Sign(Encoding.UTF8.GetBytes(forward.Body), Encoding.UTF8.GetBytes(secret)), forward.Headers["X-Signature"]);
        Assert.Equal("lead from website", forward.Json.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal("crm", forward.Json.GetProperty("rule").GetProperty("id").GetString());
        await Eventually.TrueAsync(async () =>
        {
            await using var db = _messaging.App.CreateDbContext();
            return await db.ForwardDeliveries.AnyAsync(f => f.WorkspaceId == endpoint.WorkspaceId && f.Status == OutboundStatus.Sent);
        }, "the forward is marked sent");
    }

    [Fact]
    public async Task LiveUpdates_SubscriberOfTheWorkspace_HearsNewMessageOthersDoNot()
    {
        var endpoint = await _messaging.App.CreateEndpointAsync();
        var other = await _messaging.App.CreateEndpointAsync();
        var live = _messaging.App.Services.GetRequiredService<LiveUpdates>();
        var heard = new TaskCompletionSource<LiveUpdate>(TaskCreationOptions.RunContinuationsAsynchronously);
        var overheard = 0;
        using var mine = live.Subscribe(endpoint.WorkspaceId, u =>
        {
            if (u.Kind == LiveUpdateKind.MessageReceived)
            {
                heard.TrySetResult(u);
            }
            return Task.CompletedTask;
        });
        using var theirs = live.Subscribe(other.WorkspaceId, _ => { Interlocked.Increment(ref overheard); return Task.CompletedTask; });

        var ack = await (await _messaging.SendAsync(endpoint, "live-1", "hello")).ReadAckAsync();

        var update = await heard.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(ack.MessageId, update.MessageId);
        Assert.Equal(0, overheard);
    }

    [Fact]
    public async Task TestDelivery_RulesRunButNoReplyIsQueued()
    {
        var endpoint = await _messaging.App.CreateEndpointAsync();
        await _messaging.AddRuleAsync(endpoint, Rule("price", [FirstWord("price")], new ReplyAction("Prices: $5")));
        var body = Deliveries.Body("test-1", "price");
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Signature", Deliveries.Sign(body, endpoint.Secret));
        request.Headers.TryAddWithoutValidation("X-SmsPortal-Test", "1");

        (await _messaging.Client.SendAsync(request)).EnsureSuccessStatusCode();
        await _messaging.WaitUntilProcessedAsync(endpoint, 1);

        await using var db = _messaging.App.CreateDbContext();
        Assert.True((await db.InboundMessages.SingleAsync(m => m.WorkspaceId == endpoint.WorkspaceId)).IsTest);
        var reply = await db.ActionExecutions.SingleAsync(e => e.WorkspaceId == endpoint.WorkspaceId && e.Action == "Reply");
        Assert.Equal(ActionOutcome.Skipped, reply.Outcome);
        Assert.Empty(await _messaging.OutboxAsync(endpoint));
    }

    [Fact]
    public async Task OncePerContactAndCooldown_HonouredAcrossMessages()
    {
        var endpoint = await _messaging.App.CreateEndpointAsync();
        await _messaging.AddRuleAsync(endpoint, Rule("welcome", [FirstWord("hi")], new ReplyAction("Welcome!")) with { Options = new RuleOptions { OncePerContact = true } });
        await _messaging.AddRuleAsync(endpoint, Rule("menu", [FirstWord("menu")], new ReplyAction("Menu: ...")) with { Options = new RuleOptions { Cooldown = TimeSpan.FromHours(1) } });

        await _messaging.SendAsync(endpoint, "h-1", "hi");
        await _messaging.SendAsync(endpoint, "h-2", "hi again");
        await _messaging.SendAsync(endpoint, "m-1", "menu");
        await _messaging.SendAsync(endpoint, "m-2", "menu please");
        await _messaging.SendAsync(endpoint, "h-3", "hi", from: "+15550009999");
        await _messaging.WaitUntilProcessedAsync(endpoint, 5);

        var outbox = await _messaging.OutboxAsync(endpoint);
        Assert.Equal(["Welcome!", "Menu: ...", "Welcome!"], outbox.Select(m => m.Text));
        Assert.Equal(["+15551234567", "+15551234567", "+15550009999"], outbox.Select(m => m.To));
    }
}
