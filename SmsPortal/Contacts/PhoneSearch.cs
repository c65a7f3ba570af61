namespace SmsPortal.Contacts;

/// <summary>
/// A number as someone types it into a search box, matched against stored E.164 numbers whatever its format:
/// <c>+1 555-123-4567</c>, <c>5551234567</c> and <c>(555) 123 4567</c> all find <c>+15551234567</c>.
/// </summary>
public static class PhoneSearch
{
    private const int MinDigits = 4;

    /// <summary>
    /// True when the text is only digits and the punctuation people put in numbers, with at least four digits.
    /// </summary>
    public static bool LooksLikeNumber(string text)
    {
        var digits = 0;
        foreach (var c in text.Trim())
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '+' or '/' or '\u00A0'))
            {
                return false;
            }
        }
        return digits >= MinDigits;
    }

    /// <summary>
    /// A LIKE pattern on the stored number: the typed digits anywhere in it, leading zeros dropped (a national trunk
    /// <c>0</c> or an international <c>00</c> is not part of the E.164 digits). Null when the text is not a number.
    /// </summary>
    public static string? NumberPattern(string text)
    {
        if (!LooksLikeNumber(text))
        {
            return null;
        }
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
        return digits.Length >= MinDigits ? "%" + digits + "%" : null;
    }

    /// <summary>The typed number in E.164 with the workspace's region (<c>5551234567</c> in US is <c>+15551234567</c>), or null.</summary>
    public static string? Exact(string text, string region) =>
        LooksLikeNumber(text) && E164.Normalize(text, region) is { } e164 && e164.StartsWith('+') ? e164 : null;
}
