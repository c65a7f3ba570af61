namespace SmsPortal.Webhooks.Formats;

/// <summary>
/// <c>application/x-www-form-urlencoded</c> decoding, kept here so verification and parsing read the exact same
/// pairs from the raw bytes (Twilio signs decoded values, so both must agree on the decoding).
/// </summary>
internal static class FormBody
{
    /// <summary>Twilio sends a few dozen fields; far more than this is not a Twilio request.</summary>
    public const int MaxPairs = 500;

    /// <summary>All pairs in order, duplicates kept; null when the body is not UTF-8 or has too many pairs.</summary>
    public static List<KeyValuePair<string, string>>? TryParse(ReadOnlySpan<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return null;
        }
        var text = System.Text.Encoding.UTF8.GetString(body);
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var range in text.AsSpan().Split('&'))
        {
            var segment = text.AsSpan(range);
            if (segment.IsEmpty)
            {
                continue;
            }
            if (pairs.Count == MaxPairs)
            {
                return null;
            }
            var equals = segment.IndexOf('=');
            var name = equals < 0 ? segment : segment[..equals];
            var value = equals < 0 ? [] : segment[(equals + 1)..];
            pairs.Add(KeyValuePair.Create(Decode(name), Decode(value)));
        }
        return pairs;
    }

    /// <summary>The first value of <paramref name="name"/> (form names are case-sensitive); a NUL in it is refused.</summary>
    public static string? First(this List<KeyValuePair<string, string>> pairs, string name)
    {
        foreach (var (key, value) in pairs)
        {
            if (key == name)
            {
                return value.Contains('\0') ? throw new FieldException(name, $"'{name}' must not contain NUL (%00) characters.") : value;
            }
        }
        return null;
    }

    // '+' means space in form encoding, and must be replaced before percent-decoding so "%2B" stays a plus.
    private static string Decode(ReadOnlySpan<char> encoded) => Uri.UnescapeDataString(encoded.ToString().Replace('+', ' '));
}
