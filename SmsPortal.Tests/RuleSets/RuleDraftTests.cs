using SmsPortal.RuleSets;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Model;

namespace SmsPortal.Tests.RuleSets;

public sealed class RuleDraftTests
{
    /// <summary>Every condition and action type of SmsPortal.Rules, so the editor provably covers them all.</summary>
    private static readonly RuleDefinition Everything = new()
    {
        Id = "everything",
        Name = "Everything",
        Description = "All the types",
        Enabled = false,
        Priority = 7,
        Conditions =
        [
            new AllCondition(
            [
                new FirstWordIsCondition([new Keyword("price", ["prices", "cost"]), new Keyword("menu")]) { IgnoreAccents = true },
                new MessageIsCondition([new Keyword("opening hours")]),
                new ContainsWordCondition([new Keyword("urgent")]),
            ]),
            new AnyCondition(
            [
                new ContainsPhraseCondition(["call me", "ring me"]),
                new StartsWithCondition(["order"]) { IgnoreAccents = true },
                new MatchesRegexCondition("^#[0-9]+$", IgnoreCase: false),
            ]),
            new NotCondition(new SenderIsCondition(["+15551234567"])),
            new SenderStartsWithCondition(["+1", "+27"]),
            new HasTagCondition("vip"),
            new LacksTagCondition("blocked"),
            new IsNewContactCondition(),
            new IsOptedOutCondition(),
            new BusinessHoursCondition(false, [DayOfWeek.Saturday, DayOfWeek.Sunday], new TimeOnly(22, 0), new TimeOnly(6, 30), "Africa/Johannesburg"),
            new EndpointIsCondition(["ep_1", "ep_2"]),
        ],
        Actions =
        [
            new ReplyAction("Hi {{contact.name}}, {{keyword}}"),
            new OptOutAction(),
            new OptInAction(),
            new AddTagAction("lead"),
            new RemoveTagAction("cold"),
            new OpenTicketAction("{{message.text}}"),
            new ForwardToUrlAction("https://example.test/hook"),
            new NotifyTeamAction("Sales", "New lead {{contact.number}}"),
            new NotifyTeamAction(),
            new StopAction(),
        ],
        Options = new RuleOptions { StopProcessing = true, OncePerContact = true, Cooldown = TimeSpan.FromMinutes(90) },
    };

    [Fact]
    public void ToDefinition_DraftOfEveryType_RoundTripsExactly()
    {
        var draft = RuleDraft.From(Everything);

        var definition = draft.ToDefinition(out var draftErrors);

        Assert.Empty(draftErrors);
        Assert.Equal(RuleSetSerializer.SerializeRule(Everything), RuleSetSerializer.SerializeRule(definition));
        Assert.Empty(RuleCompiler.Validate(new RuleSetDocument { Rules = [definition] }));
    }

    [Fact]
    public void ToDefinition_NestedConditions_SetsTheCompilersFieldPaths()
    {
        var draft = RuleDraft.From(Everything);

        draft.ToDefinition(out _);

        Assert.Equal("conditions[0].conditions[2]", draft.Conditions[0].Children[2].Path);
        Assert.Equal("conditions[2].condition", draft.Conditions[2].Children[0].Path);
        Assert.Equal("actions[9]", draft.Actions[9].Path);
    }

    [Fact]
    public void ToDefinition_CooldownInSecondsUnchanged_KeepsSeconds()
    {
        var draft = RuleDraft.From(Everything with { Options = new RuleOptions { Cooldown = TimeSpan.FromSeconds(90) } });
        Assert.Equal(2, draft.CooldownMinutes);

        Assert.Equal(TimeSpan.FromSeconds(90), draft.ToDefinition(out _).Options.Cooldown);

        draft.CooldownMinutes = 5;
        Assert.Equal(TimeSpan.FromMinutes(5), draft.ToDefinition(out _).Options.Cooldown);
    }

    [Fact]
    public void ToDefinition_EmptyNot_CompilerReportsItAtTheNot()
    {
        var draft = new RuleDraft { Name = "x" };
        draft.Conditions.Add(new ConditionDraft(ConditionKind.Not));
        draft.Actions.Add(new ActionDraft(SmsPortal.Rules.Actions.ActionKind.Stop));

        var errors = RuleCompiler.Validate(new RuleSetDocument { Rules = [draft.ToDefinition(out _)] });

        Assert.Equal("conditions[0].condition", Assert.Single(errors).Field);
    }

    [Theory]
    [InlineData("price", "price")]
    [InlineData(" price ,, menu ", "price, menu")]
    [InlineData("price = prices / cost,menu", "price = prices / cost, menu")]
    [InlineData("price = ", "price")]
    public void KeywordList_ParseThenFormat_IsCanonical(string typed, string formatted)
    {
        Assert.Equal(formatted, KeywordList.Format(KeywordList.Parse(typed)));
    }

    [Fact]
    public void FieldErrors_For_MatchesFieldAndBelowButNotSiblings()
    {
        var errors = new RuleFieldErrors(
        [
            new RuleValidationError("r", "R", "conditions[1].keywords[0].value", "a"),
            new RuleValidationError("r", "R", "conditions[10].keywords", "b"),
            new RuleValidationError("r", "R", "conditions[1].keywords", "c"),
        ]);

        Assert.Equal("a; c", errors.For("conditions[1].keywords"));
        Assert.Equal("b", errors.For("conditions[10].keywords"));
        Assert.Null(errors.For("conditions[1].tag"));
        Assert.Null(errors.At("conditions[1]"));
        Assert.Equal("Keywords (conditions[1].keywords[0].value)", RuleFieldErrors.Describe("conditions[1].keywords[0].value"));
        Assert.Equal("Reply text (actions[0].template)", RuleFieldErrors.Describe("actions[0].template"));
    }

    [Fact]
    public void Create_BusinessHoursWithWorkspaceDefaults_StartsFromTheWorkspaceHours()
    {
        var defaults = new ConditionDefaults([DayOfWeek.Saturday, DayOfWeek.Sunday], "10:00", "14:30", "Europe/London");

        var draft = ConditionDraft.Create(ConditionKind.BusinessHours, defaults);
        var keyword = ConditionDraft.Create(ConditionKind.FirstWordIs, defaults);

        Assert.Equal([DayOfWeek.Saturday, DayOfWeek.Sunday], draft.Days);
        Assert.Equal(("10:00", "14:30", "Europe/London"), (draft.From, draft.To, draft.TimeZone));
        Assert.Equal(ConditionDraft.WorkDays, keyword.Days);
    }
}
