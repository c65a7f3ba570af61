using System.Text.RegularExpressions;
using SmsPortal.Rules.Model;
using SmsPortal.Rules.Compilation;

namespace SmsPortal.Rules.Authoring;

/// <summary>Conditions of one rule that rule each other out, and regular expressions its keywords cannot reach.</summary>
internal static class ConditionChecks
{
    public static IEnumerable<AuthoringWarning> Contradictions(RuleDefinition rule)
    {
        var required = KeywordSets.Required(rule.Conditions).ToList();
        for (var i = 0; i < required.Count; i++)
        {
            for (var j = i + 1; j < required.Count; j++)
            {
                if (Reason(required[i], required[j]) is { } reason)
                {
                    yield return new AuthoringWarning(WarningKind.Contradiction, [rule.Id], $"'{rule.Name}' can never fire: {reason}.");
                }
            }
        }
    }

    private static string? Reason(Condition a, Condition b) => (a, b) switch
    {
        (HasTagCondition h, LacksTagCondition l) when SameTag(h.Tag, l.Tag) => $"it needs the contact to have and to lack the tag '{h.Tag}'",
        (LacksTagCondition l, HasTagCondition h) when SameTag(h.Tag, l.Tag) => $"it needs the contact to have and to lack the tag '{h.Tag}'",
        (NotCondition n, _) when ConditionCover.Same(n.Condition, b) => "one condition is the negation of another",
        (_, NotCondition n) when ConditionCover.Same(n.Condition, a) => "one condition is the negation of another",
        (MessageIsCondition x, MessageIsCondition y) when Disjoint(x, y) => "the whole message cannot be two different keywords at once",
        (FirstWordIsCondition x, FirstWordIsCondition y) when Disjoint(x, y) => "the first word cannot be two different keywords at once",
        (MessageIsCondition m, FirstWordIsCondition f) when !FirstWords(m).Overlaps(KeywordSets.Of(f)!) => "no 'message is' keyword starts with a 'first word is' keyword",
        (FirstWordIsCondition f, MessageIsCondition m) when !FirstWords(m).Overlaps(KeywordSets.Of(f)!) => "no 'message is' keyword starts with a 'first word is' keyword",
        (SenderIsCondition x, SenderIsCondition y) when !x.Numbers.Select(ConditionCover.Digits).Intersect(y.Numbers.Select(ConditionCover.Digits)).Any() =>
            "the sender cannot be two different numbers at once",
        (EndpointIsCondition x, EndpointIsCondition y) when !x.EndpointIds.Intersect(y.EndpointIds).Any() => "a message arrives through one endpoint only",
        _ => null,
    };

    public static IEnumerable<AuthoringWarning> UnreachableRegex(RuleDefinition rule)
    {
        var required = KeywordSets.Required(rule.Conditions).ToList();
        foreach (var regex in required.OfType<MatchesRegexCondition>())
        {
            if (Compile(regex) is not { } compiled)
            {
                continue;
            }
            foreach (var keywords in required)
            {
                var reachable = keywords switch
                {
                    MessageIsCondition m => Spellings(m.Keywords).Any(compiled.IsMatch),
                    FirstWordIsCondition f => LiteralPrefix(regex.Pattern) is not { } prefix
                        || Spellings(f.Keywords).Any(k => Compatible(k, prefix, regex.IgnoreCase)),
                    _ => true,
                };
                if (!reachable)
                {
                    yield return new AuthoringWarning(WarningKind.UnreachableRegex, [rule.Id],
                        $"'{rule.Name}' can never fire: the pattern '{regex.Pattern}' matches none of the messages its keywords let through.");
                }
            }
        }
    }

    private static Regex? Compile(MatchesRegexCondition condition)
    {
        try
        {
            var options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | (condition.IgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
            return new Regex(condition.Pattern, options, ConditionCompiler.RegexTimeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The letters and digits a pattern anchored with <c>^</c> must start with, or null.</summary>
    private static string? LiteralPrefix(string pattern)
    {
        if (!pattern.StartsWith('^'))
        {
            return null;
        }
        var literal = new string(pattern.Skip(1).TakeWhile(char.IsLetterOrDigit).ToArray());
        // A quantifier after the last letter makes that letter optional.
        var next = pattern.Length > literal.Length + 1 ? pattern[literal.Length + 1] : '\0';
        literal = next is '?' or '*' or '{' ? literal[..^1] : literal;
        return literal.Length == 0 ? null : literal;
    }

    private static bool Compatible(string keyword, string prefix, bool ignoreCase)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return keyword.StartsWith(prefix, comparison) || prefix.StartsWith(keyword, comparison);
    }

    private static IEnumerable<string> Spellings(IReadOnlyList<Keyword> keywords) =>
        keywords.SelectMany(k => (k.Synonyms ?? []).Prepend(k.Value)).SelectMany(v => new[] { v.Trim(), v.Trim().ToUpperInvariant(), v.Trim().ToLowerInvariant() });

    private static bool Disjoint(Condition a, Condition b) => !KeywordSets.Of(a)!.Overlaps(KeywordSets.Of(b)!);

    private static HashSet<string> FirstWords(MessageIsCondition condition) => KeywordSets.Of(condition)!.Select(k => k.Split(' ')[0]).ToHashSet();

    private static bool SameTag(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
