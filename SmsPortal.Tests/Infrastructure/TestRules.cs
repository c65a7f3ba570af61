using SmsPortal.Rules.Model;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>Short ways to author rules in tests (<c>using static</c>).</summary>
public static class TestRules
{
    public static RuleDefinition Rule(string id, IReadOnlyList<Condition> conditions, params RuleAction[] actions) =>
        new() { Id = id, Name = id, Conditions = conditions, Actions = actions };

    public static Condition FirstWord(params string[] words) => new FirstWordIsCondition(words.Select(w => new Keyword(w)).ToList());
}
