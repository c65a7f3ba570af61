using SmsPortal.Rules.Model;

namespace SmsPortal.RuleSets;

/// <summary>Keywords typed as <c>price = prices / cost, menu</c>: comma-separated, synonyms after "=" separated by "/".</summary>
public static class KeywordList
{
    public static List<Keyword> Parse(string? text) =>
        TextList.Parse(text).Select(entry =>
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            var synonyms = parts.Length == 2
                ? parts[1].Split('/', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : [];
            return new Keyword(parts[0], synonyms.Length == 0 ? null : synonyms);
        }).ToList();

    public static string Format(IEnumerable<Keyword>? keywords) =>
        string.Join(", ", (keywords ?? []).Select(k => k.Synonyms is { Count: > 0 } synonyms ? $"{k.Value} = {string.Join(" / ", synonyms)}" : k.Value));
}
