using SmsPortal.Rules.Authoring;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Compliance;
using SmsPortal.Rules.Model;

namespace SmsPortal.Rules.Tests.Authoring;

/// <summary>Each warning kind: one rule set that produces it and one near miss that does not.</summary>
public sealed class RuleSetAnalyzerTests
{
    private static readonly BusinessHoursCondition Weekdays =
        new(true, [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], new(9, 0), new(17, 0), "Africa/Johannesburg");

    [Fact]
    public void Analyze_CatchAllWithStopAboveKeywordRule_Shadowed()
    {
        var warning = Single(WarningKind.Shadowed,
            Rule("all", [], "Thanks") with { Priority = 5, Options = new RuleOptions { StopProcessing = true } },
            Rule("price", [FirstWord("price")], "Prices"));

        Assert.Equal(["price", "all"], warning.RuleIds);
        Assert.Contains("'price' can never fire: 'all' comes first", warning.Message);
    }

    [Fact]
    public void Analyze_WiderKeywordsWithStopAbove_Shadowed_NarrowerAboveOrNoStop_NotShadowed()
    {
        Single(WarningKind.Shadowed,
            Rule("words", [new ContainsWordCondition([new Keyword("price"), new Keyword("cost")])], "A") with { Options = new RuleOptions { StopProcessing = true } },
            Rule("first", [FirstWord("price"), new HasTagCondition("vip")], "B"));

        None(WarningKind.Shadowed,
            Rule("first", [FirstWord("price")], "A") with { Options = new RuleOptions { StopProcessing = true } },
            Rule("words", [new ContainsWordCondition([new Keyword("price")])], "B"));
        None(WarningKind.Shadowed, Rule("all", [], "Thanks"), Rule("price", [FirstWord("price")], "Prices"));
    }

    [Fact]
    public void Analyze_HasAndLacksSameTag_Contradiction_DifferentTags_None()
    {
        var warning = Single(WarningKind.Contradiction, Rule("vip", [new HasTagCondition("VIP"), new LacksTagCondition("vip")], "Hi"));
        Assert.Contains("have and to lack the tag", warning.Message);

        None(WarningKind.Contradiction, Rule("vip", [new HasTagCondition("vip"), new LacksTagCondition("blocked")], "Hi"));
    }

    [Fact]
    public void Analyze_TwoDisjointMessageIs_Contradiction_Overlapping_None()
    {
        Single(WarningKind.Contradiction, Rule("x", [MessageIs("yes"), MessageIs("no")], "?"));

        None(WarningKind.Contradiction, Rule("x", [MessageIs("yes", "y"), MessageIs("y")], "?"));
    }

    [Fact]
    public void Analyze_RegexNoKeywordCanMatch_UnreachableRegex_CompatibleRegex_None()
    {
        Single(WarningKind.UnreachableRegex, Rule("order", [FirstWord("price"), new MatchesRegexCondition(@"^order\s*\d+")], "?"));
        Single(WarningKind.UnreachableRegex, Rule("code", [MessageIs("hello"), new MatchesRegexCondition(@"^\d{4}$")], "?"));

        None(WarningKind.UnreachableRegex, Rule("order", [FirstWord("order"), new MatchesRegexCondition(@"^order\s*\d+")], "?"));
        None(WarningKind.UnreachableRegex, Rule("code", [MessageIs("1234"), new MatchesRegexCondition(@"^\d{4}$")], "?"));
    }

    [Fact]
    public void Analyze_SameKeywordDifferentRepliesSamePriority_Ambiguous_DifferentPriority_None()
    {
        var warning = Single(WarningKind.AmbiguousKeyword, Rule("a", [FirstWord("price")], "Prices A"), Rule("b", [new ContainsWordCondition([new Keyword("Price")])], "Prices B"));
        Assert.Equal(["a", "b"], warning.RuleIds);
        Assert.Contains("'a' and 'b' both answer 'price'", warning.Message);

        None(WarningKind.AmbiguousKeyword, Rule("a", [FirstWord("price")], "Prices A") with { Priority = 1 }, Rule("b", [FirstWord("price")], "Prices B"));
        None(WarningKind.AmbiguousKeyword, Rule("a", [FirstWord("price")], "Same"), Rule("b", [FirstWord("price")], "Same"));
    }

    [Fact]
    public void Analyze_RuleOnStopOrWorkspaceKeyword_ComplianceKeyword_SimilarWord_None()
    {
        Single(WarningKind.ComplianceKeyword, Rule("stop", [FirstWord("Stop")], "Bye"));
        var document = new RuleSetDocument { Rules = [Rule("arret", [MessageIs("arrêt")], "?")], Compliance = new ComplianceSettings { ExtraOptOutKeywords = ["ARRET"] } };
        Assert.Contains(RuleSetAnalyzer.Analyze(document), w => w.Kind == WarningKind.ComplianceKeyword && w.Message.Contains("opt-out"));

        None(WarningKind.ComplianceKeyword, Rule("stopover", [FirstWord("stopover"), new ContainsWordCondition([new Keyword("helpdesk")])], "?"));
    }

    [Fact]
    public void Analyze_ReplyOverThreeSegments_LongReply_ThreeSegments_None()
    {
        var warning = Single(WarningKind.LongReply, Rule("long", [FirstWord("x")], new string('a', 3 * 153 + 1)));
        Assert.Contains("4 SMS segments", warning.Message);
        Assert.Equal("actions[0].template", warning.Field);

        None(WarningKind.LongReply, Rule("long", [FirstWord("x")], new string('a', 3 * 153)));
    }

    [Fact]
    public void Analyze_OneCurlyQuoteInGsmReply_UnicodeReply_TwoDifferentNonGsm_None()
    {
        var warning = Single(WarningKind.UnicodeReply, Rule("quote", [FirstWord("x")], "We’re open 9 to 5, we’re closed Sundays"));
        Assert.Contains("U+2019", warning.Message);

        None(WarningKind.UnicodeReply, Rule("plain", [FirstWord("x")], "We're open 9 to 5 {{contact.name}} [ok] €"));
        None(WarningKind.UnicodeReply, Rule("greek", [FirstWord("x")], "Καλημέρα"));
    }

    [Fact]
    public void Analyze_SingleBracesOrKeywordWithoutKeyword_UnknownVariable_RealVariables_None()
    {
        Single(WarningKind.UnknownVariable, Rule("braces", [FirstWord("x")], "Hi {contact.name}"));
        Single(WarningKind.UnknownVariable, Rule("kw", [new HasTagCondition("vip")], "You said {{keyword}}"));

        None(WarningKind.UnknownVariable, Rule("ok", [FirstWord("x")], "Hi {{contact.name}}, you said {{ keyword }} (50% off)"));
    }

    [Fact]
    public void Analyze_InsideAndOutsideSameHours_EmptyWeek_OverlappingHours_None()
    {
        Single(WarningKind.EmptyWeek, Rule("never", [Weekdays, Weekdays with { Inside = false }], "?"));
        Single(WarningKind.EmptyWeek, Rule("never", [Weekdays with { Days = [DayOfWeek.Monday] }, new NotCondition(Weekdays)], "?"));

        None(WarningKind.EmptyWeek, Rule("lunch", [Weekdays, Weekdays with { Days = [DayOfWeek.Monday], From = new(12, 0), To = new(20, 0) }], "?"));
    }

    [Fact]
    public void Analyze_EveryNearMissSet_ValidAndWarningFree()
    {
        var document = new RuleSetDocument
        {
            Rules =
            [
                Rule("price", [FirstWord("price")], "Our prices: {{contact.name}}") with { Priority = 1 },
                Rule("hours", [FirstWord("hours"), Weekdays], "Open 9 to 5"),
                Rule("fallback", [], "Thanks, we will get back to you"),
            ],
        };

        Assert.Empty(RuleCompiler.Validate(document));
        Assert.Empty(RuleSetAnalyzer.Analyze(document));
    }

    private static AuthoringWarning Single(WarningKind kind, params RuleDefinition[] rules)
    {
        var warnings = RuleSetAnalyzer.Analyze(new RuleSetDocument { Rules = rules });
        return Assert.Single(warnings, w => w.Kind == kind);
    }

    private static void None(WarningKind kind, params RuleDefinition[] rules) =>
        Assert.DoesNotContain(RuleSetAnalyzer.Analyze(new RuleSetDocument { Rules = rules }), w => w.Kind == kind);

    private static RuleDefinition Rule(string id, IReadOnlyList<Condition> conditions, string reply) =>
        new() { Id = id, Name = id, Conditions = conditions, Actions = [new ReplyAction(reply)] };

    private static FirstWordIsCondition FirstWord(string word) => new([new Keyword(word)]);

    private static MessageIsCondition MessageIs(params string[] words) => new(words.Select(w => new Keyword(w)).ToList());
}
