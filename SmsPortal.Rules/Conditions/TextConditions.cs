using System.Collections.Frozen;
using SmsPortal.Rules.Engine;

namespace SmsPortal.Rules.Conditions;

/// <summary>Normalised keyword variants (keywords and synonyms) mapped to their canonical keyword.</summary>
internal sealed class KeywordMatcher
{
    private readonly FrozenDictionary<string, string> _canonicalByVariant;
    private readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public KeywordMatcher(IReadOnlyDictionary<string, string> canonicalByVariant)
    {
        _canonicalByVariant = canonicalByVariant.ToFrozenDictionary(StringComparer.Ordinal);
        _bySpan = _canonicalByVariant.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IEnumerable<string> Variants => _canonicalByVariant.Keys;

    public bool TryMatch(ReadOnlySpan<char> normalized, out string canonical) => _bySpan.TryGetValue(normalized, out canonical!);

    public override string ToString() => "[" + string.Join(", ", _canonicalByVariant.Keys.Order(StringComparer.Ordinal).Select(v => $"'{v}'")) + "]";
}

internal abstract class KeywordNode(string field, string type, KeywordMatcher matcher, bool ignoreAccents, IndexKind kind)
    : CompiledCondition(field, type)
{
    protected KeywordMatcher Matcher { get; } = matcher;

    protected bool IgnoreAccents { get; } = ignoreAccents;

    public override IReadOnlyList<IndexKey>? IndexKeys => Matcher.Variants.Select(v => new IndexKey(kind, IgnoreAccents, v)).ToArray();
}

internal sealed class FirstWordIsNode(string field, KeywordMatcher matcher, bool ignoreAccents)
    : KeywordNode(field, "firstWordIs", matcher, ignoreAccents, IndexKind.FirstWord)
{
    public override bool Evaluate(EvaluationContext context, out string? keyword)
    {
        var text = context.Text(IgnoreAccents);
        if (text.TokenCount > 0 && Matcher.TryMatch(text.Token(0), out var canonical))
        {
            keyword = canonical;
            return true;
        }

        keyword = null;
        return false;
    }

    protected override string Explain(EvaluationContext context, bool passed)
    {
        var text = context.Text(IgnoreAccents);
        if (text.TokenCount == 0)
        {
            return "the message has no words";
        }

        return $"first word {Quote(text.Token(0))} {(passed ? "is" : "is not")} one of {Matcher}";
    }
}

internal sealed class MessageIsNode(string field, KeywordMatcher matcher, bool ignoreAccents)
    : KeywordNode(field, "messageIs", matcher, ignoreAccents, IndexKind.WholeMessage)
{
    public override bool Evaluate(EvaluationContext context, out string? keyword)
    {
        if (Matcher.TryMatch(context.Text(IgnoreAccents).Text, out var canonical))
        {
            keyword = canonical;
            return true;
        }

        keyword = null;
        return false;
    }

    protected override string Explain(EvaluationContext context, bool passed) =>
        $"message {Quote(context.Text(IgnoreAccents).Text)} {(passed ? "is" : "is not")} one of {Matcher}";
}

internal sealed class ContainsWordNode(string field, KeywordMatcher matcher, bool ignoreAccents)
    : KeywordNode(field, "containsWord", matcher, ignoreAccents, IndexKind.AnyWord)
{
    public override bool Evaluate(EvaluationContext context, out string? keyword)
    {
        var text = context.Text(IgnoreAccents);
        for (var i = 0; i < text.TokenCount; i++)
        {
            if (Matcher.TryMatch(text.Token(i), out var canonical))
            {
                keyword = canonical;
                return true;
            }
        }

        keyword = null;
        return false;
    }

    protected override string Explain(EvaluationContext context, bool passed)
    {
        if (!passed)
        {
            return $"no word of {Quote(context.Text(IgnoreAccents).Text)} is one of {Matcher}";
        }

        Evaluate(context, out var keyword);
        return $"the message contains the keyword '{keyword}'";
    }
}

internal sealed class ContainsPhraseNode(string field, string[] phrases, bool ignoreAccents) : CompiledCondition(field, "containsPhrase")
{
    public override bool Evaluate(EvaluationContext context, out string? keyword)
    {
        keyword = null;
        var text = context.Text(ignoreAccents);
        foreach (var phrase in phrases)
        {
            if (text.ContainsPhrase(phrase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A phrase matches whole words in order, so each of its words is a word of the message: the longest is the key.</summary>
    public override IReadOnlyList<IndexKey>? IndexKeys =>
        phrases.Select(p => new IndexKey(IndexKind.AnyWord, ignoreAccents, p.Split(' ').MaxBy(w => w.Length)!)).Distinct().ToArray();

    protected override string Explain(EvaluationContext context, bool passed) =>
        $"message {Quote(context.Text(ignoreAccents).Text)} {(passed ? "contains" : "does not contain")} one of the phrases {List(phrases)}";
}

internal sealed class StartsWithNode(string field, string[] prefixes, bool ignoreAccents) : CompiledCondition(field, "startsWith")
{
    public override bool Evaluate(EvaluationContext context, out string? keyword)
    {
        keyword = null;
        var text = context.Text(ignoreAccents).Text;
        foreach (var prefix in prefixes)
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A prefix with a space in it ends its first word, which must then be the message's first word; a prefix of one word may end mid-word.</summary>
    public override IReadOnlyList<IndexKey>? IndexKeys => prefixes.All(p => p.Contains(' '))
        ? prefixes.Select(p => new IndexKey(IndexKind.FirstWord, ignoreAccents, p[..p.IndexOf(' ')])).Distinct().ToArray()
        : null;

    protected override string Explain(EvaluationContext context, bool passed) =>
        $"message {Quote(context.Text(ignoreAccents).Text)} {(passed ? "starts" : "does not start")} with one of {List(prefixes)}";
}
