using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Common;
using SmsPortal.EventWebhooks;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Model;
using SmsPortal.RuleSets;
using SmsPortal.Settings;
using SmsPortal.Tests.Infrastructure;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.Outbound;

/// <summary>
/// A forward rule that names an event webhook is delivered as <c>message.forwarded</c> to that webhook only, signed with
/// its secret, retried, logged and replayable; a forward to a bare URL (rules written before) still posts signed with the
/// workspace's forwarding secret.
/// </summary>
public sealed class ForwardToWebhookTests : IAsyncLifetime
{
    private static Dictionary<string, string?> FastRetries => EventReceiver.FastRetries();

    private EventReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await EventReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task ForwardToWebhookAndToBareUrl_BothDelivered_WebhookOneSignedRetriedAndReplayable()
    {
        await using var app = await TestApp.StartWithGatewayAsync(settings: FastRetries);
        var endpoint = await app.CreateEndpointAsync();
        var owner = await app.OwnerAsync(endpoint);
        var webhooks = app.Services.GetRequiredService<EventWebhookService>();
        var created = await webhooks.CreateAsync(endpoint.WorkspaceId, owner, _receiver.Url, ["ticket.opened"], "CRM");
        _receiver.Secret = created.Secret;
        _receiver.FailNext(1);
        await app.AddRuleAsync(endpoint, Rule("crm", [FirstWord("lead")],
            new ForwardToUrlAction(_receiver.Url) { WebhookId = created.Subscription.Id },
            new ForwardToUrlAction(app.Gateway.Url + "/crm/legacy")));

        await app.SendAsync(endpoint, "fw-1", "lead from website");

        await _receiver.WaitForAsync(r => r.Accepted.Count() == 1, "the forward reaches the webhook after one retry");
        var forwarded = _receiver.Accepted.Single();
        Assert.Equal(2, _receiver.Received.Count(r => r.Id == forwarded.Id));
        Assert.All(_receiver.Received, r => Assert.True(r.Verified, r.Body));
        Assert.Equal("message.forwarded", forwarded.Json.GetProperty("type").GetString());
        var data = forwarded.Json.GetProperty("data");
        Assert.Equal(("lead from website", "crm"), (data.GetProperty("message").GetProperty("text").GetString(), data.GetProperty("rule").GetProperty("id").GetString()));

        await app.Gateway.WaitForAsync(g => g.Requests.Any(r => r.Path == "/crm/legacy"), "the bare-URL forward arrives");
        var legacy = app.Gateway.Requests.Single(r => r.Path == "/crm/legacy");
        var secret = await app.Services.GetRequiredService<WorkspaceSettingsService>().ForwardingSecretAsync(endpoint.WorkspaceId);
        Assert.Equal(SignatureVerifier.Sign(Encoding.UTF8.GetBytes(legacy.Body), Encoding.UTF8.GetBytes(secret)), legacy.Headers["X-Signature"]);
        Assert.Equal("lead from website", legacy.Json.GetProperty("message").GetProperty("text").GetString());

        var log = app.Services.GetRequiredService<EventDeliveryLog>();
        await Eventually.TrueAsync(async () => (await log.ListAsync(endpoint.WorkspaceId, owner, created.Subscription.Id)).Deliveries.Single().Status == EventDeliveryStatus.Delivered,
            "the forward is settled in the webhook's log");
        var delivery = (await log.ListAsync(endpoint.WorkspaceId, owner, created.Subscription.Id)).Deliveries.Single();
        Assert.Equal(("message.forwarded", forwarded.Id, 2), (delivery.EventType, delivery.EventId, delivery.AttemptLog.Count));
        await log.ReplayAsync(endpoint.WorkspaceId, owner, delivery.Id);
        await _receiver.WaitForAsync(r => r.Accepted.Count() == 2, "the replayed forward arrives");
        Assert.Equal((forwarded.Id, forwarded.Body), (_receiver.Accepted.Last().Id, _receiver.Accepted.Last().Body));
        await using var db = app.CreateDbContext();
        Assert.True(await db.ForwardDeliveries.AnyAsync(f => f.WorkspaceId == endpoint.WorkspaceId && f.Url.EndsWith("/crm/legacy")));
    }

    [Fact]
    public async Task SaveRule_WebhookOfAnotherWorkspaceOrUnknown_RefusedAtTheField()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        var other = await app.CreateEndpointAsync();
        var theirs = await app.Services.GetRequiredService<EventWebhookService>().CreateAsync(
            other.WorkspaceId, await app.OwnerAsync(other), _receiver.Url, ["message.received"], null);

        foreach (var id in new[] { theirs.Subscription.Id, "ewh_nothere" })
        {
            var refused = await Assert.ThrowsAsync<RuleCompilationException>(() =>
                app.AddRuleAsync(endpoint, Rule("crm", [FirstWord("lead")], new ForwardToUrlAction(_receiver.Url) { WebhookId = id })));
            var error = Assert.Single(refused.Errors);
            Assert.Equal("actions[0].webhookId", error.Field);
            Assert.Contains("no event webhook", error.Message);
        }
    }

    [Fact]
    public async Task ExportImport_ForwardThroughWebhook_KeepsItsId_OldJsonStillImports()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        var owner = await app.OwnerAsync(endpoint);
        var webhook = (await app.Services.GetRequiredService<EventWebhookService>().CreateAsync(
            endpoint.WorkspaceId, owner, _receiver.Url, ["message.received"], null)).Subscription;
        var rules = app.Services.GetRequiredService<RuleService>();
        await app.AddRuleAsync(endpoint, Rule("crm", [FirstWord("lead")], new ForwardToUrlAction(webhook.Url) { WebhookId = webhook.Id }));

        var exported = await rules.ExportAsync(endpoint.WorkspaceId);
        await rules.ImportAsync(endpoint.WorkspaceId, exported, owner);
        var named = new System.Text.RegularExpressions.Regex($@",\s*""webhookId"":\s*""{webhook.Id}""");
        await rules.ImportAsync(endpoint.WorkspaceId, named.Replace(exported, ""), owner);

        Assert.Single(named.Matches(exported));
        var forward = Assert.IsType<ForwardToUrlAction>(Assert.Single(Assert.Single(await rules.ListAsync(endpoint.WorkspaceId)).Definition.Actions));
        Assert.Equal((webhook.Url, (string?)null), (forward.Url, forward.WebhookId));
    }
}
