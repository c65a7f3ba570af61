using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Messages;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;
using SmsPortal.RuleSets;
using SmsPortal.RuleSets.DryRun;
using SmsPortal.RuleSets.Versions;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.RuleSets.DryRun;

/// <summary>The draft against the live version over stored messages, nothing sent.</summary>
public sealed class DryRunServiceTests
{
    private static readonly string[] Variants = ["price", "Price list please", "hours?", "hello", "menu", "something else", "PRICE"];

    [Fact]
    public async Task RunAsync_DraftChangesRules_CountsEqualHandCountAndBruteForceRecount_NothingSent()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        var ws = endpoint.WorkspaceId;
        var random = new Random(7);
        var texts = Enumerable.Range(0, 700).Select(_ => Variants[random.Next(Variants.Length)]).ToList();
        await StoredHistory.SeedAsync(app, endpoint, texts, contacts: 40);
        var (rules, versions) = (app.Services.GetRequiredService<RuleService>(), app.Services.GetRequiredService<RuleSetVersions>());
        var admin = Actor.Cli();
        await rules.SaveAsync(ws, Rule("price", [FirstWord("price")], new ReplyAction("Prices")), admin);
        await rules.SaveAsync(ws, Rule("hours", [FirstWord("hours")], new ReplyAction("9 to 5")), admin);
        await rules.SaveAsync(ws, Rule("menu", [FirstWord("menu")], new AddTagAction("menu")), admin);
        await versions.PublishAsync(ws, admin, null);
        await rules.SaveAsync(ws, Rule("price", [FirstWord("price")], new ReplyAction("New prices, {{contact.name}}")), admin);
        await rules.DeleteAsync(ws, "hours", admin);
        await rules.SaveAsync(ws, Rule("hello", [FirstWord("hello")], new ReplyAction("Hi")), admin);
        await rules.SaveAsync(ws, Rule("menu2", [FirstWord("menu")], new AddTagAction("menu2")), admin);

        var report = await app.Services.GetRequiredService<DryRunService>().RunAsync(ws, admin, new DryRunScope { Last = 10_000 });

        Assert.Equal(700, report.Messages);
        Assert.Equal(1, report.LiveVersion);
        Assert.Equal(texts.Count(t => t.StartsWith("price", StringComparison.OrdinalIgnoreCase)), report.AnsweredDifferently);
        Assert.Equal(texts.Count(t => t == "hours?"), report.NewlyUnanswered);
        Assert.Equal(texts.Count(t => t == "hello"), report.NewlyAnswered);
        Assert.Equal(texts.Count(t => t == "menu"), report.OtherRules);
        Assert.Equal(await BruteForceAsync(app, ws, await versions.DocumentAsync(ws, 1), await versions.DocumentAsync(ws, null)),
            (report.AnsweredDifferently, report.NewlyUnanswered, report.NewlyAnswered));
        var item = report.Changes.First(c => c.Change == DryRunChange.AnsweredDifferently);
        Assert.Equal(["Prices"], item.Live.Replies);
        Assert.StartsWith("New prices, Contact ", Assert.Single(item.Draft.Replies));
        Assert.Empty(await app.OutboxAsync(endpoint));
    }

    [Fact]
    public async Task RunAsync_Scopes_LastContactTagAndDateRange_OnlyThoseMessages()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        var ws = endpoint.WorkspaceId;
        var people = await StoredHistory.SeedAsync(app, endpoint, Enumerable.Repeat("price", 100).ToList(), contacts: 10, tagOf: i => i < 3 ? "vip" : null);
        var service = app.Services.GetRequiredService<DryRunService>();
        var admin = Actor.Cli();
        await using var db = app.CreateDbContext();
        var times = await db.InboundMessages.Where(m => m.WorkspaceId == ws).OrderBy(m => m.ReceivedAt).Select(m => m.ReceivedAt).ToListAsync();

        Assert.Equal(25, (await service.RunAsync(ws, admin, new DryRunScope { Last = 25 })).Messages);
        Assert.Equal(10, (await service.RunAsync(ws, admin, new DryRunScope { ContactId = people[4].Id })).Messages);
        Assert.Equal(30, (await service.RunAsync(ws, admin, new DryRunScope { Tag = "vip" })).Messages);
        Assert.Equal(20, (await service.RunAsync(ws, admin, new DryRunScope { From = times[10], To = times[30] })).Messages);
        Assert.Equal(0, (await service.RunAsync((await app.CreateEndpointAsync()).WorkspaceId, admin, new DryRunScope())).Messages);
    }

    [Fact]
    public async Task Jobs_StartRunsInBackgroundToDone_CancelEndsCancelled_CancelAfterEndHarmless_StrangerRefused()
    {
        await using var app = new TestApp();
        var endpoint = await app.CreateEndpointAsync();
        await StoredHistory.SeedAsync(app, endpoint, Enumerable.Repeat("price", 300).ToList(), contacts: 5);
        var jobs = app.Services.GetRequiredService<DryRunJobs>();
        var agent = await app.MemberAsync(endpoint.WorkspaceId, role: WorkspaceRole.Agent);

        var done = jobs.Start(endpoint.WorkspaceId, agent, new DryRunScope());
        await Eventually.TrueAsync(() => Task.FromResult(done.State != DryRunState.Running), "the dry run ends");
        Assert.Equal((DryRunState.Done, 300, 300), (done.State, done.Done, done.Report!.Messages));

        var cancelled = new DryRunJob(endpoint.WorkspaceId, new DryRunScope());
        var running = cancelled.RunAsync(async (_, token) => { await Task.Delay(Timeout.Infinite, token); return null!; });
        cancelled.Cancel();
        await running;
        Assert.Equal(DryRunState.Cancelled, cancelled.State);
        Assert.Null(cancelled.Report);
        done.Cancel();
        Assert.Equal(DryRunState.Done, done.State);

        var stranger = await app.MemberAsync((await app.CreateEndpointAsync()).WorkspaceId);
        var refused = jobs.Start(endpoint.WorkspaceId, stranger, new DryRunScope());
        await Eventually.TrueAsync(() => Task.FromResult(refused.State != DryRunState.Running), "the dry run ends");
        Assert.Equal(DryRunState.Failed, refused.State);
        Assert.Contains("no longer a member", refused.Error);
    }

    /// <summary>Each message on its own, both sets compiled here from the documents: the counts the report must have.</summary>
    private static async Task<(int Different, int Unanswered, int Answered)> BruteForceAsync(TestApp app, Guid ws, RuleSetDocument live, RuleSetDocument draft)
    {
        var (before, after) = (RuleCompiler.Compile(live), RuleCompiler.Compile(draft));
        await using var db = app.CreateDbContext();
        var messages = await db.InboundMessages.Where(m => m.WorkspaceId == ws && m.Status == ProcessingStatus.Processed).ToListAsync();
        var contacts = await db.Contacts.Include(c => c.Tags).Where(c => c.WorkspaceId == ws).ToDictionaryAsync(c => c.Id);
        var (different, unanswered, answered) = (0, 0, 0);
        foreach (var message in messages)
        {
            var contact = contacts[message.ContactId!.Value];
            var fact = new RuleFact(new MessageFact(message.Text, message.EndpointId, message.ReceivedAt),
                new ContactFact { Number = contact.Number, Name = contact.Name, Tags = contact.Tags.Select(t => t.Tag).ToList() });
            string Replies(CompiledRuleSet set) => string.Join("\n", set.Evaluate(fact).Activations.SelectMany(a => a.Actions).Where(a => a.IsReply).Select(a => a.Text));
            var (was, would) = (Replies(before), Replies(after));
            different += was.Length > 0 && would.Length > 0 && was != would ? 1 : 0;
            unanswered += was.Length > 0 && would.Length == 0 ? 1 : 0;
            answered += was.Length == 0 && would.Length > 0 ? 1 : 0;
        }
        return (different, unanswered, answered);
    }
}
