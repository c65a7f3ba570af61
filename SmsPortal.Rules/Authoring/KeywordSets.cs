using SmsPortal.Rules.Model;
using SmsPortal.Rules.Text;

namespace SmsPortal.Rules.Authoring;

/// <summary>Conditions reduced to the normalised values they compare, as the engine normalises them.</summary>
internal static class KeywordSets
{
    public static string Normalize(string value, bool foldAccents = true) => NormalizedText.Normalize(value, foldAccents).Text;

    /// <summary>Every keyword and synonym of a keyword condition, normalised with accents folded; null for other conditions.</summary>
    public static HashSet<string>? Of(Condition condition) => condition switch
    {
        FirstWordIsCondition c => Set(c.Keywords),
        MessageIsCondition c => Set(c.Keywords),
        ContainsWordCondition c => Set(c.Keywords),
        _ => null,
    };

    /// <summary>The keyword conditions of a rule's top level (and of nested "all"s): those every matching message passes.</summary>
    public static IEnumerable<Condition> Required(IEnumerable<Condition> conditions)
    {
        foreach (var condition in conditions)
        {
            if (condition is AllCondition all)
            {
                foreach (var child in Required(all.Conditions))
                {
                    yield return child;
                }
            }
            else
            {
                yield return condition;
            }
        }
    }

    /// <summary>The keywords of a rule that a message must contain, with their spelling as authored.</summary>
    public static IEnumerable<(string Normalized, string Authored)> Authored(RuleDefinition rule) =>
        Required(rule.Conditions).SelectMany(c => c switch
        {
            FirstWordIsCondition k => k.Keywords,
            MessageIsCondition k => k.Keywords,
            ContainsWordCondition k => k.Keywords,
            _ => [],
        }).SelectMany(k => (k.Synonyms ?? []).Prepend(k.Value)).Select(v => (Normalize(v), v)).Where(v => v.Item1.Length > 0);

    private static HashSet<string> Set(IReadOnlyList<Keyword> keywords) =>
        keywords.SelectMany(k => (k.Synonyms ?? []).Prepend(k.Value)).Select(v => Normalize(v)).Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);
}
