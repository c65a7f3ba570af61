using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.RuleSets;
using SmsPortal.Rules.Model;
using SmsPortal.Tests.Infrastructure;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.RuleSets;

public sealed class RuleAuditTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task RuleChanges_SaveUpdateDisableDeleteImport_EachAuditedWithTheActor()
    {
        var endpoint = await app.CreateEndpointAsync();
        var rules = app.Services.GetRequiredService<RuleService>();
        var alice = await app.MemberAsync(endpoint.WorkspaceId, "alice@example.test");
        var rule = Rule("price", [FirstWord("price")], new ReplyAction("Prices"));

        await rules.SaveAsync(endpoint.WorkspaceId, rule, alice);
        await rules.SaveAsync(endpoint.WorkspaceId, rule with { Name = "Prices" }, alice);
        await rules.SetEnabledAsync(endpoint.WorkspaceId, "price", false, alice);
        await rules.DeleteAsync(endpoint.WorkspaceId, "price", alice);
        await rules.ImportAsync(endpoint.WorkspaceId, """{"schemaVersion":1,"rules":[]}""", alice);

        await using var db = app.CreateDbContext();
        var audit = await db.AuditLog.Where(a => a.WorkspaceId == endpoint.WorkspaceId && a.Action.StartsWith("rule")).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["rule.created", "rule.updated", "rule.updated", "rule.deleted", "rules.imported"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("alice@example.test", a.Actor));
        Assert.Equal("Prices (disabled)", audit[2].Detail);
    }
}
