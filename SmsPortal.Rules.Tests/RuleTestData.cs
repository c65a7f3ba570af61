using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Compliance;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;

namespace SmsPortal.Rules.Tests;

/// <summary>Builders shared by the rules tests.</summary>
internal static class RuleTestData
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero); // a Tuesday

    public static RuleDefinition Rule(string id, params Condition[] conditions) => new()
    {
        Id = id,
        Name = "Rule " + id,
        Conditions = conditions,
        Actions = [new ReplyAction("reply " + id)],
    };

    public static Keyword[] Keywords(params string[] values) => values.Select(v => new Keyword(v)).ToArray();

    public static ContactFact Contact(
        string number = "+27820000001",
        string? name = "Thandi",
        bool isNew = false,
        bool optedOut = false,
        string[]? tags = null,
        Dictionary<string, DateTimeOffset>? history = null) => new()
        {
            Number = number,
            Name = name,
            IsNew = isNew,
            IsOptedOut = optedOut,
            Tags = tags ?? [],
            LastFiredByRuleId = history ?? [],
        };

    public static RuleFact Fact(string text, ContactFact? contact = null, string endpoint = "ep-1", DateTimeOffset? receivedAt = null) =>
        new(new MessageFact(text, endpoint, receivedAt ?? Noon), contact ?? Contact());

    public static CompiledRuleSet Compile(params RuleDefinition[] rules) => RuleCompiler.Compile(rules);

    public static CompiledRuleSet Compile(ComplianceSettings compliance, params RuleDefinition[] rules) => RuleCompiler.Compile(rules, compliance);

    /// <summary>Ids of the user rules (compliance excluded) that fire for the message, in firing order.</summary>
    public static string[] Fired(CompiledRuleSet set, RuleFact fact) =>
        set.Evaluate(fact).Activations.Where(a => !a.IsCompliance).Select(a => a.RuleId).ToArray();

    public static string[] Fired(string text, params RuleDefinition[] rules) => Fired(Compile(rules), Fact(text));

    /// <summary>True when the single rule with the single condition passes for the fact.</summary>
    public static bool Passes(Condition condition, RuleFact fact) => Fired(Compile(Rule("r", condition)), fact).Length == 1;

    public static bool Passes(Condition condition, string text) => Passes(condition, Fact(text));

    public static IReadOnlyList<RuleValidationError> Errors(params RuleDefinition[] rules) =>
        Assert.Throws<RuleCompilationException>(() => RuleCompiler.Compile(rules)).Errors;
}
