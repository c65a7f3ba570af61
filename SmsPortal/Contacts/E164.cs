using PhoneNumbers;
using SmsPortal.Common;

namespace SmsPortal.Contacts;

/// <summary>Sender numbers to E.164, with the workspace's default region for national numbers.</summary>
public static class E164
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// <c>+44 7700 900123</c>, <c>07700 900123</c> (region GB) and <c>00447700900123</c> all become
    /// <c>+447700900123</c>. Something that is not a number (an alphanumeric sender id such as <c>MyBank</c>,
    /// a short code) is kept as the gateway sent it, tidied.
    /// </summary>
    public static string Normalize(string number, string? defaultRegion)
    {
        var text = PhoneNumberText.Normalize(number);
        if (text.Length == 0 || !text.All(c => char.IsAsciiDigit(c) || c == '+'))
        {
            return text;
        }
        try
        {
            var parsed = Util.Parse(text, text.StartsWith('+') ? null : (defaultRegion ?? "US").ToUpperInvariant());
            return Util.IsPossibleNumber(parsed) ? Util.Format(parsed, PhoneNumberFormat.E164) : text;
        }
        catch (NumberParseException)
        {
            return text;
        }
    }

    public static bool IsKnownRegion(string region) => Util.GetSupportedRegions().Contains(region.ToUpperInvariant());
}
