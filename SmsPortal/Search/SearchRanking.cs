using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SmsPortal.Search;

/// <summary>A thread item the database matched, newest first, before it is ranked.</summary>
internal sealed record SearchCandidate(SearchHitKind Kind, Guid ContactId, string ItemId, string Text, DateTimeOffset At);

/// <summary>
/// Ranks the newest matches of a search (at most <see cref="Candidates"/>, taken newest first through each provider's
/// full-text index) by BM25 over the words typed, and marks the matched words. Ranking a capped set instead of every
/// match keeps a word found in 40 % of a million texts as fast as a rare one; a rare word has fewer matches than the
/// cap, so all of them are ranked. Words are compared as the SQLite index compares them: case and accents folded.
/// </summary>
internal static partial class SearchRanking
{
    public const int Candidates = 2000;
    private const double K1 = 1.2;
    private const double B = 0.75;
    private const int SnippetWords = 14;

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    /// <summary>A one-letter word matches only itself (as a prefix it would match nearly every text); longer ones match words they start.</summary>
    public static bool IsPrefix(string term) => term.Length >= 2;

    public static List<TextHit> Best(IReadOnlyList<SearchCandidate> candidates, IReadOnlyList<string> terms, int take)
    {
        var folded = terms.Select(Fold).ToList();
        var scored = candidates.Select(c => (Candidate: c, Words: Words(c.Text))).ToList();
        if (scored.Count == 0)
        {
            return [];
        }
        var averageLength = Math.Max(1, scored.Average(s => s.Words.Count));
        var idf = folded.Select(t =>
        {
            var containing = scored.Count(s => s.Words.Any(w => Matches(w.Folded, t)));
            return Math.Log(1 + (scored.Count - containing + 0.5) / (containing + 0.5));
        }).ToList();
        return scored
            .Select(s => (s.Candidate, s.Words, Score: folded.Select((t, i) => idf[i] * Saturate(s.Words.Count(w => Matches(w.Folded, t)), s.Words.Count, averageLength)).Sum()))
            .OrderByDescending(s => s.Score).ThenByDescending(s => s.Candidate.At)
            .Take(take)
            .Select(s => new TextHit(s.Candidate.Kind, s.Candidate.ContactId, s.Candidate.ItemId, Snippet(s.Candidate.Text, s.Words, folded), s.Candidate.At))
            .ToList();
    }

    private static double Saturate(int frequency, int length, double averageLength) =>
        frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * length / averageLength));

    private static bool Matches(string word, string term) =>
        IsPrefix(term) ? word.StartsWith(term, StringComparison.Ordinal) : word == term;

    /// <summary>Up to <see cref="SnippetWords"/> words around the first match, each matched word marked, "…" where text was cut.</summary>
    private static string Snippet(string text, List<(int Index, int Length, string Folded)> words, List<string> terms)
    {
        var first = Math.Max(0, words.FindIndex(w => terms.Any(t => Matches(w.Folded, t))));
        var from = Math.Max(0, Math.Min(first - 3, words.Count - SnippetWords));
        var to = Math.Min(words.Count, from + SnippetWords);
        var start = from == 0 ? 0 : words[from].Index;
        var end = to == words.Count ? text.Length : words[to - 1].Index + words[to - 1].Length;
        var builder = new StringBuilder(start > 0 ? "…" : "");
        var at = start;
        for (var i = from; i < to; i++)
        {
            var (index, length, folded) = words[i];
            if (terms.Any(t => Matches(folded, t)))
            {
                builder.Append(text, at, index - at).Append(SearchText.MarkStart).Append(text, index, length).Append(SearchText.MarkEnd);
                at = index + length;
            }
        }
        builder.Append(text, at, end - at);
        return end < text.Length ? builder.Append('…').ToString() : builder.ToString();
    }

    private static List<(int Index, int Length, string Folded)> Words(string text) =>
        Word().Matches(text).Select(m => (m.Index, m.Length, Fold(m.Value))).ToList();

    /// <summary>Lower case without accents, as FTS5's <c>unicode61 remove_diacritics 2</c> tokenizer stores a word.</summary>
    public static string Fold(string word)
    {
        var lower = word.ToLowerInvariant();
        if (lower.All(char.IsAscii))
        {
            return lower;
        }
        var decomposed = lower.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark))
        {
            builder.Append(c);
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
