using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Messages;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;
using SmsPortal.RuleSets.Replay;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.RuleSets.Replay;

/// <summary>The live rules run again on stored messages: shown only, or really acted on; every replay audited.</summary>
public sealed class ReplayServiceTests
{
    [Fact]
    public async Task Preview_ShowsWhatLiveRulesDoNow_SendsNothing_Audited()
    {
        await using var app = new TestApp();
        var (endpoint, messageId) = await AnsweredLaterAsync(app);
        var agent = await app.MemberAsync(endpoint.WorkspaceId, "agent-ann", WorkspaceRole.Agent);

        var preview = Assert.Single(await app.Services.GetRequiredService<ReplayService>().PreviewAsync(endpoint.WorkspaceId, agent, [messageId]));

        Assert.Equal("Prices", Assert.Single(preview.Result.Activations).Actions.Single().Text);
        Assert.Contains(preview.Result.Trace!.Rules, r => r.RuleId == "price" && r.Outcome == RuleOutcome.Fired);
        Assert.Empty(await app.OutboxAsync(endpoint));
        await using var db = app.CreateDbContext();
        Assert.Single(await db.AuditLog.Where(a => a.Action == "rules.replay.previewed" && a.Actor == "agent-ann" && a.Target == messageId).ToListAsync());
    }

    [Fact]
    public async Task Act_AndReprocessDelivery_RunTheMessageThroughProcessingAgain_AgentRefused()
    {
        await using var app = new TestApp();
        var (endpoint, messageId) = await AnsweredLaterAsync(app);
        var replay = app.Services.GetRequiredService<ReplayService>();
        var admin = await app.MemberAsync(endpoint.WorkspaceId, "admin-al");
        var agent = await app.MemberAsync(endpoint.WorkspaceId, role: WorkspaceRole.Agent);

        await Assert.ThrowsAsync<UserInputException>(() => replay.ActAsync(endpoint.WorkspaceId, agent, [messageId]));
        var copy = Assert.Single(await replay.ActAsync(endpoint.WorkspaceId, admin, [messageId]));
        await app.WaitUntilProcessedAsync(endpoint, 2);
        long deliveryId;
        await using (var db = app.CreateDbContext())
        {
            deliveryId = await db.DeliveryLog.Where(d => d.WorkspaceId == endpoint.WorkspaceId && d.MessageId == messageId).Select(d => d.Id).SingleAsync();
        }
        await replay.ReprocessDeliveryAsync(endpoint.WorkspaceId, admin, deliveryId);
        await app.WaitUntilProcessedAsync(endpoint, 3);

        Assert.Equal(["Prices", "Prices"], (await app.OutboxAsync(endpoint)).Select(o => o.Text));
        await using var check = app.CreateDbContext();
        Assert.Equal(2, await check.ActionExecutions.CountAsync(e => e.WorkspaceId == endpoint.WorkspaceId && e.RuleId == "price" && e.ActionIndex == 0));
        Assert.Equal(0, await check.ActionExecutions.CountAsync(e => e.MessageId == messageId));
        Assert.StartsWith($"replay:{messageId}:", (await check.InboundMessages.SingleAsync(m => m.Id == copy)).ExternalId);
        Assert.Equal(2, await check.AuditLog.CountAsync(a => a.WorkspaceId == endpoint.WorkspaceId && a.Action == "rules.replay.acted" && a.Actor == "admin-al"));
    }

    /// <summary>A "price" message processed before the price rule existed, then the rule.</summary>
    private static async Task<(TestEndpoint Endpoint, string MessageId)> AnsweredLaterAsync(TestApp app)
    {
        var endpoint = await app.CreateEndpointAsync();
        await app.SendAsync(endpoint, "r-1", "price");
        await app.WaitUntilProcessedAsync(endpoint, 1);
        await app.AddRuleAsync(endpoint, Rule("price", [FirstWord("price")], new ReplyAction("Prices")));
        await using var db = app.CreateDbContext();
        return (endpoint, await db.InboundMessages.Where(m => m.WorkspaceId == endpoint.WorkspaceId && m.ExternalId == "r-1").Select(m => m.Id).SingleAsync());
    }
}
