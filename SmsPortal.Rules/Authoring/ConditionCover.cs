using System.Text.Json;
using SmsPortal.Rules.Model;

namespace SmsPortal.Rules.Authoring;

/// <summary>
/// Whether every message that passes one list of conditions also passes another condition. Conservative: "no" when
/// it cannot tell, so a warning built on it is never a false alarm about a rule that does fire.
/// </summary>
internal static class ConditionCover
{
    public static bool Covers(IReadOnlyList<Condition> given, Condition needed)
    {
        var required = KeywordSets.Required(given).ToList();
        return needed switch
        {
            AllCondition all => all.Conditions.All(c => Covers(given, c)),
            AnyCondition any => any.Conditions.Any(c => Covers(given, c)),
            _ => required.Any(g => Same(g, needed) || Implies(g, needed)),
        };
    }

    public static bool Same(Condition a, Condition b) =>
        a.GetType() == b.GetType() && JsonSerializer.Serialize<Condition>(a, RuleSetSerializer.Options) == JsonSerializer.Serialize<Condition>(b, RuleSetSerializer.Options);

    private static bool Implies(Condition given, Condition needed) => (given, needed) switch
    {
        (TextCondition g, TextCondition n) when !n.IgnoreAccents && g.IgnoreAccents => false,
        (FirstWordIsCondition or ContainsWordCondition or MessageIsCondition, FirstWordIsCondition or ContainsWordCondition or MessageIsCondition) =>
            KeywordsImply(given, needed),
        (StartsWithCondition g, StartsWithCondition n) => g.Prefixes.All(p => n.Prefixes.Any(q => Norm(p).StartsWith(Norm(q), StringComparison.Ordinal))),
        (MessageIsCondition or FirstWordIsCondition, StartsWithCondition n) =>
            KeywordSets.Of(given)!.All(k => n.Prefixes.Any(q => k.StartsWith(Norm(q), StringComparison.Ordinal))),
        (HasTagCondition g, HasTagCondition n) => string.Equals(g.Tag.Trim(), n.Tag.Trim(), StringComparison.OrdinalIgnoreCase),
        (LacksTagCondition g, LacksTagCondition n) => string.Equals(g.Tag.Trim(), n.Tag.Trim(), StringComparison.OrdinalIgnoreCase),
        (SenderIsCondition g, SenderIsCondition n) => g.Numbers.Select(Digits).All(n.Numbers.Select(Digits).Contains),
        (SenderIsCondition g, SenderStartsWithCondition n) => g.Numbers.Select(Digits).All(x => n.Prefixes.Any(p => x.StartsWith(Digits(p), StringComparison.Ordinal))),
        (SenderStartsWithCondition g, SenderStartsWithCondition n) => g.Prefixes.Select(Digits).All(x => n.Prefixes.Any(p => x.StartsWith(Digits(p), StringComparison.Ordinal))),
        (EndpointIsCondition g, EndpointIsCondition n) => g.EndpointIds.All(n.EndpointIds.Contains),
        _ => false,
    };

    /// <summary>A whole message that is a keyword also has it as first word and as a word; a first word is a word.</summary>
    private static bool KeywordsImply(Condition given, Condition needed)
    {
        var g = KeywordSets.Of(given)!;
        var n = KeywordSets.Of(needed)!;
        return (given, needed) switch
        {
            (MessageIsCondition, MessageIsCondition) => g.IsSubsetOf(n),
            (MessageIsCondition, _) => g.All(k => !k.Contains(' ') && n.Contains(k)),
            (FirstWordIsCondition, FirstWordIsCondition or ContainsWordCondition) => g.IsSubsetOf(n),
            (ContainsWordCondition, ContainsWordCondition) => g.IsSubsetOf(n),
            _ => false,
        };
    }

    private static string Norm(string value) => KeywordSets.Normalize(value);

    internal static string Digits(string number) => new(number.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());
}
