using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsPortal.Outbound;
using SmsPortal.Rules.Model;
using SmsPortal.Tests.Infrastructure;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.Outbound;

/// <summary>
/// The dispatcher's claim asks, for each queued candidate, whether an older reply to the same contact is still
/// pending. That question must seek by contact: answered from the status-and-id index it read every older queued
/// reply, so a claim cost grew with the square of its candidates and a 20,000-reply drain spent a third of its CPU
/// inside SQLite. The test takes the statement the running dispatcher issued and asks SQLite for its plan.
/// </summary>
public sealed class OutboxClaimPlanTests
{
    [Fact]
    public async Task HeadOfQueueCheck_SeeksThePendingRepliesOfTheContact()
    {
        var logs = new CapturedLogs();
        await using var gateway = await FakeGateway.StartAsync();
        await using var app = new TestApp(
            settings: new()
            {
                ["Gateway:Type"] = "Generic",
                ["Gateway:BaseUrl"] = gateway.Url,
                ["Gateway:ApiKey"] = "gw-test-key",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
            },
            configureServices: services => services.AddSingleton<ILoggerProvider>(logs),
            gateway: gateway);
        var endpoint = await app.CreateEndpointAsync();
        await app.AddRuleAsync(endpoint, Rule("price", [FirstWord("price")], new ReplyAction("Prices: $5")));

        await app.SendAsync(endpoint, "plan-1", "price");
        await gateway.WaitForAsync(g => g.Accepted.Count == 1, "the reply is sent");

        var claim = logs.Lines.Select(l => l.Message).LastOrDefault(m => m.Contains("\"o0\".\"ContactId\" = \"o\".\"ContactId\""));
        Assert.NotNull(claim);
        var plan = await SqlitePlan.ExplainAsync(app.DatabasePath, claim);
        Assert.Contains(plan, step => step.Contains("SEARCH o0 USING INDEX IX_OutboundMessages_PendingByContact (ContactId=? AND Status=? AND Id<?)"));
        Assert.DoesNotContain(plan, step => step.Contains("SEARCH o0 USING INDEX IX_OutboundMessages_Status_Id"));
        // The queue itself is read in id order from the status-and-id index and stops at the claim's limit; the
        // dashboard's partial index of queued replies by workspace would read every queued reply and sort them.
        Assert.Contains(plan, step => step.StartsWith("SEARCH o USING INDEX IX_OutboundMessages_Status_Id (Status=?)"));
        Assert.DoesNotContain(plan, step => step.Contains("USE TEMP B-TREE FOR ORDER BY"));
    }
}
