using System.Text;

namespace SmsPortal.Common;

/// <summary>
/// A light, lossless clean-up of a number as typed: spaces, dashes, dots and brackets go, a leading <c>00</c>
/// becomes <c>+</c>. Alphanumeric sender ids (e.g. <c>MyBank</c>) are kept as they are.
/// </summary>
public static class PhoneNumberText
{
    public static string Normalize(string number)
    {
        var trimmed = number.Trim();
        var builder = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (char.IsAsciiDigit(c) || (c == '+' && builder.Length == 0))
            {
                builder.Append(c);
            }
            else if (c is ' ' or '-' or '.' or '(' or ')' or '\u00A0')
            {
                continue;
            }
            else
            {
                return trimmed;
            }
        }
        if (builder.Length > 2 && builder[0] == '0' && builder[1] == '0')
        {
            builder.Remove(0, 2).Insert(0, '+');
        }
        return builder.ToString();
    }
}
