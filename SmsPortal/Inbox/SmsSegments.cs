using System.Buffers;

namespace SmsPortal.Inbox;

public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}

/// <param name="Characters">What the user typed, in UTF-16 code units (an emoji counts 2, as it does against the limit).</param>
/// <param name="Units">What counts against the limit: septets for GSM-7 (an extension character is 2), code units for UCS-2.</param>
/// <param name="PerSegment">160/70 while the text fits one SMS, 153/67 once it is split (each part carries a header).</param>
public readonly record struct SmsSegmentCount(SmsEncoding Encoding, int Characters, int Units, int Segments, int PerSegment)
{
    public string EncodingName => Encoding == SmsEncoding.Gsm7 ? "GSM-7" : "UCS-2";
}

/// <summary>How many SMS a text costs: GSM 03.38 when every character is in its alphabet, UCS-2 otherwise.</summary>
public static class SmsSegments
{
    public const int Gsm7Single = 160;
    public const int Gsm7Part = 153;
    public const int Ucs2Single = 70;
    public const int Ucs2Part = 67;

    private static readonly SearchValues<char> Basic = SearchValues.Create(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà");

    // Sent as ESC + character, so each costs two septets.
    private static readonly SearchValues<char> Extension = SearchValues.Create("\f^{}\\[~]|€");

    public static SmsSegmentCount Count(string? text)
    {
        text ??= "";
        var gsm = IsGsm7(text);
        var units = gsm ? Septets(text) : text.Length;
        var (single, part) = gsm ? (Gsm7Single, Gsm7Part) : (Ucs2Single, Ucs2Part);
        var encoding = gsm ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2;
        if (units <= single)
        {
            return new SmsSegmentCount(encoding, text.Length, units, units == 0 ? 0 : 1, single);
        }
        return new SmsSegmentCount(encoding, text.Length, units, Parts(text, gsm, part), part);
    }

    public static bool IsGsm7(string text)
    {
        foreach (var c in text)
        {
            if (!Basic.Contains(c) && !Extension.Contains(c))
            {
                return false;
            }
        }
        return true;
    }

    private static int Septets(string text)
    {
        var septets = 0;
        foreach (var c in text)
        {
            septets += Extension.Contains(c) ? 2 : 1;
        }
        return septets;
    }

    /// <summary>
    /// Packs the text into parts the way phones do: an escape sequence or a surrogate pair is never split across
    /// two parts, so a part may end one unit short and the count can exceed a plain division.
    /// </summary>
    private static int Parts(string text, bool gsm, int perPart)
    {
        var parts = 1;
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            int size;
            if (gsm)
            {
                size = Extension.Contains(c) ? 2 : 1;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                size = 2;
                i++;
            }
            else
            {
                size = 1;
            }
            if (used + size > perPart)
            {
                parts++;
                used = 0;
            }
            used += size;
        }
        return parts;
    }
}
