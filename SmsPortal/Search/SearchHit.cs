using System.Text;
using System.Text.RegularExpressions;

namespace SmsPortal.Search;

public enum SearchHitKind
{
    Contact,
    Inbound,
    Outbound,
    Note,
}

/// <summary>
/// One match: a contact (by name or number) or an item of a thread. <see cref="Snippet"/> marks each matched
/// part between <see cref="SearchText.MarkStart"/> and <see cref="SearchText.MarkEnd"/>; <see cref="SearchText.Parts"/> splits it for display.
/// </summary>
public sealed record SearchHit(SearchHitKind Kind, Guid ContactId, string ContactLabel, string? ItemId, string Snippet, DateTimeOffset At);

/// <summary>How the search reads what is typed, and how matches are marked.</summary>
public static partial class SearchText
{
    public const char MarkStart = '\u0002';
    public const char MarkEnd = '\u0003';
    public const int MaxTerms = 8;

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    /// <summary>The words of a query (letters and digits only, so nothing typed can break the full-text syntax), at most eight.</summary>
    public static IReadOnlyList<string> Terms(string? query) =>
        query is null ? [] : Word().Matches(query).Select(m => m.Value.ToLowerInvariant()).Distinct().Take(MaxTerms).ToList();

    /// <summary>Marks each case-insensitive occurrence of a term's start, for hits the database did not mark (contacts, the LIKE fallback).</summary>
    public static string Mark(string text, IReadOnlyList<string> terms, int maxLength = 160)
    {
        var first = terms.Select(t => text.IndexOf(t, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = Math.Max(0, first - 40);
        var window = text.Length - start > maxLength ? text.Substring(start, maxLength) : text[start..];
        var builder = new StringBuilder(start > 0 ? "…" : "");
        var i = 0;
        while (i < window.Length)
        {
            var term = terms.FirstOrDefault(t => string.Compare(window, i, t, 0, t.Length, StringComparison.OrdinalIgnoreCase) == 0 && t.Length > 0);
            if (term is null)
            {
                builder.Append(window[i++]);
                continue;
            }
            builder.Append(MarkStart).Append(window, i, term.Length).Append(MarkEnd);
            i += term.Length;
        }
        return start + window.Length < text.Length ? builder.Append('…').ToString() : builder.ToString();
    }

    /// <summary>The snippet as (text, marked) parts, for a page to render the marked ones highlighted.</summary>
    public static IEnumerable<(string Text, bool Marked)> Parts(string snippet)
    {
        var marked = false;
        var start = 0;
        for (var i = 0; i <= snippet.Length; i++)
        {
            if (i < snippet.Length && snippet[i] is not (MarkStart or MarkEnd))
            {
                continue;
            }
            if (i > start)
            {
                yield return (snippet[start..i], marked);
            }
            if (i < snippet.Length)
            {
                marked = snippet[i] == MarkStart;
            }
            start = i + 1;
        }
    }
}
