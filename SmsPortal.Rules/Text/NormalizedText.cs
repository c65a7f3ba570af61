using System.Buffers;
using System.Globalization;
using System.Text;

namespace SmsPortal.Rules.Text;

/// <summary>
/// A message normalised for keyword matching: trimmed, case-folded (invariant lower case), split on white space,
/// punctuation around each word removed, words joined by a single space. Optionally accents are removed too.
/// </summary>
internal sealed class NormalizedText
{
    private const int StackLimit = 256;

    public static readonly NormalizedText Empty = new(string.Empty, []);

    private NormalizedText(string text, (int Start, int Length)[] tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    /// <summary>The normalised text (words separated by one space).</summary>
    public string Text { get; }

    /// <summary>Word boundaries inside <see cref="Text"/>.</summary>
    public (int Start, int Length)[] Tokens { get; }

    public int TokenCount => Tokens.Length;

    public ReadOnlySpan<char> Token(int index)
    {
        var (start, length) = Tokens[index];
        return Text.AsSpan(start, length);
    }

    /// <summary>Normalises raw text; with <paramref name="foldAccents"/> diacritics are removed as well.</summary>
    public static NormalizedText Normalize(ReadOnlySpan<char> raw, bool foldAccents = false)
    {
        if (raw.IsEmpty)
        {
            return Empty;
        }

        char[]? rentedChars = null;
        (int, int)[]? rentedTokens = null;
        var maxTokens = (raw.Length + 1) / 2;
        Span<char> buffer = raw.Length <= StackLimit
            ? stackalloc char[StackLimit]
            : (rentedChars = ArrayPool<char>.Shared.Rent(raw.Length));
        Span<(int Start, int Length)> tokens = maxTokens <= StackLimit / 4
            ? stackalloc (int, int)[StackLimit / 4]
            : (rentedTokens = ArrayPool<(int, int)>.Shared.Rent(maxTokens));
        try
        {
            var length = 0;
            var tokenCount = 0;
            var ascii = true;
            var i = 0;
            while (i < raw.Length)
            {
                while (i < raw.Length && char.IsWhiteSpace(raw[i]))
                {
                    i++;
                }

                var start = i;
                while (i < raw.Length && !char.IsWhiteSpace(raw[i]))
                {
                    i++;
                }

                var end = i;
                while (start < end && char.IsPunctuation(raw[start]))
                {
                    start++;
                }

                while (end > start && char.IsPunctuation(raw[end - 1]))
                {
                    end--;
                }

                if (start == end)
                {
                    continue;
                }

                if (length > 0)
                {
                    buffer[length++] = ' ';
                }

                tokens[tokenCount++] = (length, end - start);
                for (var j = start; j < end; j++)
                {
                    var c = char.ToLowerInvariant(raw[j]);
                    ascii &= char.IsAscii(c);
                    buffer[length++] = c;
                }
            }

            if (length == 0)
            {
                return Empty;
            }

            var text = new string(buffer[..length]);
            if (foldAccents && !ascii)
            {
                return FromNormalized(FoldAccents(text));
            }

            return new NormalizedText(text, tokens[..tokenCount].ToArray());
        }
        finally
        {
            if (rentedChars is not null)
            {
                ArrayPool<char>.Shared.Return(rentedChars);
            }

            if (rentedTokens is not null)
            {
                ArrayPool<(int, int)>.Shared.Return(rentedTokens);
            }
        }
    }

    /// <summary>The accent-free form of already normalised text (returns this instance when it is pure ASCII).</summary>
    public NormalizedText FoldAccents() => Ascii.IsValid(Text) ? this : FromNormalized(FoldAccents(Text));

    private static string FoldAccents(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private static NormalizedText FromNormalized(string text)
    {
        var tokenCount = text.Length == 0 ? 0 : text.AsSpan().Count(' ') + 1;

        var tokens = new (int, int)[tokenCount];
        var start = 0;
        for (var t = 0; t < tokenCount; t++)
        {
            var space = text.IndexOf(' ', start);
            var end = space < 0 ? text.Length : space;
            tokens[t] = (start, end - start);
            start = end + 1;
        }

        return new NormalizedText(text, tokens);
    }

    /// <summary>True when <paramref name="phrase"/> occurs in the text on word boundaries.</summary>
    public bool ContainsPhrase(string phrase)
    {
        var text = Text.AsSpan();
        var offset = 0;
        while (offset <= text.Length - phrase.Length)
        {
            var found = text[offset..].IndexOf(phrase.AsSpan(), StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            var at = offset + found;
            var end = at + phrase.Length;
            if ((at == 0 || text[at - 1] == ' ') && (end == text.Length || text[end] == ' '))
            {
                return true;
            }

            offset = at + 1;
        }

        return false;
    }
}
