using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.RuleSets.Pages;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;

using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.RuleSets.Pages;

public sealed class RuleTraceViewTests : IAsyncLifetime
{
    private static readonly RuleDefinition PriceList = new()
    {
        Id = "price",
        Name = "Price list",
        Conditions = [new FirstWordIsCondition([new Keyword("price")])],
        Actions = [new ReplyAction("Our prices, {{contact.name}}: ..."), new AddTagAction("lead")],
    };

    private static readonly RuleDefinition VipOnly = new()
    {
        Id = "vip",
        Name = "VIP greeting",
        Conditions = [new AnyCondition([new HasTagCondition("vip"), new NotCondition(new IsNewContactCondition())])],
        Actions = [new ReplyAction("Welcome back")],
        Options = new RuleOptions { OncePerContact = true },
    };

    private readonly BunitContext _context = new BunitContext().AddPortalDefaults();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public void Render_FiredRule_ShowsFiresAndRenderedReply()
    {
        var result = Evaluate("price?", new ContactFact { Number = "+15551234567", Name = "Ann", IsNew = true });

        var cut = _context.Render<RuleTraceView>(p => p.Add(v => v.Result, result));

        var rule = cut.Find("[data-rule=price]");
        Assert.Contains("Price list", rule.TextContent);
        Assert.Contains("fires", rule.TextContent);
        Assert.Contains("Reply: Our prices, Ann: ...", rule.TextContent);
        Assert.Contains("Add tag: lead", rule.TextContent);
        Assert.Contains("passed: firstWordIs", rule.TextContent);
    }

    [Fact]
    public void Render_FailedNestedConditions_ShowsEachWithReason()
    {
        var result = Evaluate("hello", new ContactFact { Number = "+15551234567", IsNew = true });

        var cut = _context.Render<RuleTraceView>(p => p.Add(v => v.Result, result));

        var rule = cut.Find("[data-rule=vip]");
        Assert.Contains("does not fire", rule.TextContent);
        Assert.Equal(["false", "false", "false", "true"], rule.QuerySelectorAll("[data-passed]").Select(e => e.GetAttribute("data-passed")));
        Assert.Contains("failed: hasTag", rule.TextContent);
        Assert.Contains("passed: isNewContact", rule.TextContent);
        Assert.Contains("No rule fires.", cut.Markup);
    }

    [Fact]
    public void Render_BlockedOncePerContact_ShowsBlockedWithReason()
    {
        var history = new Dictionary<string, DateTimeOffset> { ["vip"] = DateTimeOffset.UtcNow.AddDays(-1) };
        var result = Evaluate("hi", new ContactFact { Number = "+15551234567", Tags = ["vip"], LastFiredByRuleId = history });

        var cut = _context.Render<RuleTraceView>(p => p.Add(v => v.Result, result));

        var rule = cut.Find("[data-rule=vip]");
        Assert.Contains("blocked", rule.TextContent);
        Assert.Contains(result.Trace!.Rules.Single(r => r.RuleId == "vip").Reason, rule.TextContent);
        Assert.DoesNotContain("Reply:", rule.TextContent);
    }

    [Fact]
    public void RunTest_MessageAndSender_ShowsTraceAndSaysNothingIsSent()
    {
        _context.Services.AddSingleton(TimeProvider.System);
        RuleFact? evaluated = null;
        var cut = _context.Render<RuleTestConsole>(p => p.Add(c => c.Evaluate, fact =>
        {
            evaluated = fact;
            return Task.FromResult(RuleCompiler.Compile([PriceList, VipOnly]).Evaluate(fact, new EvaluationOptions { Trace = true }));
        }));

        Input(cut, "Message", "price?");
        Input(cut, "Sender", "+15551234567");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Run test").Click();

        Assert.Equal("price?", evaluated!.Message.Text);
        Assert.Equal("+15551234567", evaluated.Contact.Number);
        Assert.Contains("Nothing is sent", cut.Markup);
        cut.WaitForAssertion(() => Assert.Contains("fires", cut.Find("[data-rule=price]").TextContent));
    }

    private static EvaluationResult Evaluate(string text, ContactFact contact) =>
        RuleCompiler.Compile([PriceList, VipOnly])
            .Evaluate(new RuleFact(new MessageFact(text, "ep", DateTimeOffset.UtcNow), contact), new EvaluationOptions { Trace = true });

    private static void Input(IRenderedComponent<RuleTestConsole> cut, string label, string value) =>
        cut.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim() == label)
            .QuerySelector("input, textarea")!.Input(value);
}
