using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Processing;
using SmsPortal.Rules.Compliance;
using SmsPortal.Rules.Model;
using SmsPortal.RuleSets;
using SmsPortal.RuleSets.Versions;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.RuleSets.Versions;

/// <summary>Publishing, rolling back and comparing versions, against the real app and database.</summary>
public sealed class RuleSetVersionsTests
{
    [Fact]
    public async Task Publish_ThenDraftEdit_LiveAnswersUntilPublished_ExecutionLogNamesVersion()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        var (rules, versions) = Services(app);
        var admin = await app.MemberAsync(endpoint.WorkspaceId, "alice");
        await rules.SaveAsync(endpoint.WorkspaceId, Rule("price", [FirstWord("price")], new ReplyAction("Old prices")), admin);
        var v1 = await versions.PublishAsync(endpoint.WorkspaceId, admin, "first");
        await rules.SaveAsync(endpoint.WorkspaceId, Rule("price", [FirstWord("price")], new ReplyAction("New prices")), admin);

        await app.SendAsync(endpoint, "m1", "price please");
        await app.WaitUntilProcessedAsync(endpoint, 1);
        var v2 = await versions.PublishAsync(endpoint.WorkspaceId, admin, "new prices");
        await app.SendAsync(endpoint, "m2", "price again");
        await app.WaitUntilProcessedAsync(endpoint, 2);

        Assert.Equal(1, v1.Number);
        Assert.Equal(2, v2.Number);
        Assert.Equal(["Old prices", "New prices"], (await app.OutboxAsync(endpoint)).Select(o => o.Text));
        await using var db = app.CreateDbContext();
        var log = await db.ActionExecutions.Where(e => e.WorkspaceId == endpoint.WorkspaceId && e.ActionIndex == ActionExecution.RuleFired)
            .OrderBy(e => e.Id).Select(e => e.RuleSetVersion).ToListAsync();
        Assert.Equal([1, 2], log);
        var published = await versions.ListAsync(endpoint.WorkspaceId);
        Assert.Equal([(2, "alice", "new prices"), (1, "alice", "first")], published.Select(v => (v.Number, v.PublishedBy, v.Comment)));
    }

    [Fact]
    public async Task BeforeFirstPublish_SavedRuleRunsAndLogHasNoVersion()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        await app.AddRuleAsync(endpoint, Rule("price", [FirstWord("price")], new ReplyAction("Prices")));

        await app.SendAsync(endpoint, "m1", "price");
        await app.WaitUntilProcessedAsync(endpoint, 1);

        Assert.Equal("Prices", Assert.Single(await app.OutboxAsync(endpoint)).Text);
        await using var db = app.CreateDbContext();
        Assert.Null((await db.ActionExecutions.FirstAsync(e => e.WorkspaceId == endpoint.WorkspaceId)).RuleSetVersion);
    }

    [Fact]
    public async Task Rollback_PublishesTheOldDocumentAsANewVersion_DraftUntouched()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        var (rules, versions) = Services(app);
        var admin = await app.MemberAsync(endpoint.WorkspaceId, "bob");
        var ws = endpoint.WorkspaceId;
        await rules.SaveAsync(ws, Rule("price", [FirstWord("price")], new ReplyAction("Good")), admin);
        await versions.PublishAsync(ws, admin, null);
        await rules.SaveAsync(ws, Rule("price", [FirstWord("price")], new ReplyAction("Broken")), admin);
        await versions.PublishAsync(ws, admin, "oops");

        var rolledBack = await versions.RollbackAsync(ws, 1, admin, null);

        Assert.Equal((3, 1, "Roll back to version 1"), (rolledBack.Number, rolledBack.RestoredFrom, rolledBack.Comment));
        Assert.True((await versions.DiffAsync(ws, 1, 3)).IsEmpty);
        var live = await app.Services.GetRequiredService<RuleSetCache>().GetEntryAsync(ws);
        Assert.Equal(3, live.Version);
        Assert.Equal("Good", ((ReplyAction)live.Document.Rules[0].Actions[0]).Template);
        Assert.Equal("Broken", ((ReplyAction)(await rules.ListAsync(ws))[0].Definition.Actions[0]).Template);
        await using var db = app.CreateDbContext();
        Assert.Contains(await db.AuditLog.Where(a => a.WorkspaceId == ws).ToListAsync(),
            a => a is { Action: "rules.rolled_back", Target: "v3", Actor: "bob" } && a.Detail!.Contains("from version 1"));
    }

    [Fact]
    public async Task Diff_TwoVersions_ListsEachChangeFieldByField()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        var (rules, versions) = Services(app);
        var ws = endpoint.WorkspaceId;
        var admin = Actor.Cli();
        await rules.SaveAsync(ws, Rule("price", [FirstWord("price")], new ReplyAction("Prices")), admin);
        await rules.SaveAsync(ws, Rule("hours", [FirstWord("hours")], new ReplyAction("9 to 5")), admin);
        await versions.PublishAsync(ws, admin, null);
        await rules.SaveAsync(ws, Rule("price", [FirstWord("prices")], new ReplyAction("Prices")) with { Priority = 2 }, admin);
        await rules.DeleteAsync(ws, "hours", admin);
        await rules.SaveAsync(ws, Rule("menu", [FirstWord("menu")], new ReplyAction("Menu")), admin);
        await rules.SaveComplianceAsync(ws, new ComplianceSettings { HelpReply = "Call 555" }, admin);
        await versions.PublishAsync(ws, admin, null);

        var diff = await versions.DiffAsync(ws, 1, 2);

        Assert.Equal(
            [("price", RuleChangeKind.Changed), ("menu", RuleChangeKind.Added), ("hours", RuleChangeKind.Removed)],
            diff.Rules.Select(r => (r.RuleId, r.Kind)));
        Assert.Equal(
            [new FieldChange("priority", "0", "2"), new FieldChange("conditions[0].keywords[0].value", "\"price\"", "\"prices\"")],
            diff.Rules[0].Fields.OrderBy(f => f.Field == "priority" ? 0 : 1));
        Assert.Contains(new FieldChange("actions[0].template", null, "\"Menu\""), diff.Rules[1].Fields);
        Assert.Contains(new FieldChange("actions[0].template", "\"9 to 5\"", null), diff.Rules[2].Fields);
        Assert.Equal([new FieldChange("helpReply", null, "\"Call 555\"")], diff.Compliance);
        Assert.True((await versions.PendingAsync(ws)).IsEmpty);
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task ConcurrentPublishesAndRollbacksOnTwoNodes_ExactlyOneLiveVersion_NumbersUniqueAndEveryNodeSwaps(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var first = new TestApp(database.DataDirectory, database.Settings());
        var endpoint = await first.CreateEndpointAsync();
        await using var second = new TestApp(database.DataDirectory, database.Settings());
        second.StartServer();
        var ws = endpoint.WorkspaceId;
        var admin = Actor.Cli();
        await Services(first).Rules.SaveAsync(ws, Rule("price", [FirstWord("price")], new ReplyAction("v0")), admin);
        await Services(first).Versions.PublishAsync(ws, admin, "base");

        var nodes = new[] { first, second };
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => i % 4 == 3
            ? Services(nodes[i % 2]).Versions.RollbackAsync(ws, 1, admin, $"rollback {i}")
            : Services(nodes[i % 2]).Versions.PublishAsync(ws, admin, $"publish {i}"))));

        await using var db = first.CreateDbContext();
        var numbers = await db.RuleSetVersions.Where(v => v.WorkspaceId == ws).OrderBy(v => v.Number).Select(v => v.Number).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 17), numbers);
        Assert.Equal(17, await db.AuditLog.CountAsync(a => a.WorkspaceId == ws && (a.Action == "rules.published" || a.Action == "rules.rolled_back")));
        Assert.Equal(17, await Services(second).Versions.LiveNumberAsync(ws));
        foreach (var node in nodes)
        {
            await Eventually.TrueAsync(async () => (await node.Services.GetRequiredService<RuleSetCache>().GetEntryAsync(ws)).Version == 17,
                "every node runs the last version", 30);
        }
    }

    [Fact]
    public async Task EveryWriteMethod_Agent_RefusedInTheServiceItself_NothingChanges()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        var (rules, versions) = Services(app);
        var ws = endpoint.WorkspaceId;
        await rules.SaveAsync(ws, Rule("a", [FirstWord("a")], new ReplyAction("A")), Actor.Cli());
        await rules.SaveAsync(ws, Rule("b", [FirstWord("b")], new ReplyAction("B")), Actor.Cli());
        await versions.PublishAsync(ws, Actor.Cli(), null);
        var agent = await app.MemberAsync(ws, role: WorkspaceRole.Agent);
        var stranger = await app.MemberAsync((await app.CreateEndpointAsync()).WorkspaceId);
        var writes = new Func<Actor, Task>[]
        {
            a => rules.SaveAsync(ws, Rule("c", [], new ReplyAction("C")), a),
            a => rules.DeleteAsync(ws, "a", a),
            a => rules.SetEnabledAsync(ws, "a", false, a),
            a => rules.ImportAsync(ws, """{"schemaVersion":1,"rules":[]}""", a),
            a => rules.SaveComplianceAsync(ws, new ComplianceSettings { HelpReply = "x" }, a),
            a => rules.ReorderAsync(ws, ["b", "a"], a),
            a => rules.MoveAsync(ws, "b", true, a),
            a => versions.PublishAsync(ws, a, null),
            a => versions.RollbackAsync(ws, 1, a, null),
        };

        foreach (var write in writes)
        {
            Assert.Contains("Owner or Admin", (await Assert.ThrowsAsync<UserInputException>(() => write(agent))).Message);
            await Assert.ThrowsAsync<UserInputException>(() => write(stranger));
        }

        Assert.Equal(["a", "b"], (await rules.ListAsync(ws)).Select(r => r.Definition.Id));
        Assert.Null((await rules.GetComplianceAsync(ws)).HelpReply);
        Assert.Equal(1, await versions.LiveNumberAsync(ws));
    }

    private static (RuleService Rules, RuleSetVersions Versions) Services(TestApp app) =>
        (app.Services.GetRequiredService<RuleService>(), app.Services.GetRequiredService<RuleSetVersions>());
}
