namespace SmsPortal.Common;

public static class TextTruncation
{
    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="max"/> characters, the last of them "…" when anything
    /// was cut, so the result always fits a column or log field of that size.
    /// </summary>
    public static string Truncate(this string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>One line of at most <paramref name="max"/> characters, for previews and subjects.</summary>
    public static string Preview(this string text, int max = 200) => text.ReplaceLineEndings(" ").Truncate(max);
}
