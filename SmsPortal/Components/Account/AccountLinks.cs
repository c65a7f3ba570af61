using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace SmsPortal.Components.Account;

/// <summary>
/// What the account pages read from an emailed link's query string. A link can arrive cut short or altered (by a
/// mail client, or on purpose): that is an invalid link for the page to say so, never an exception.
/// </summary>
internal static class AccountLinks
{
    /// <summary>The link's code as Identity made it, or null when it is not base64url (not a code this app sent).</summary>
    public static string? DecodeCode(string code)
    {
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>False for what no user id is, so it is not looked up at all (PostgreSQL refuses a NUL even in a query).</summary>
    public static bool CouldBeUserId(string id) => id.Length is > 0 and <= 450 && !id.Contains('\0');
}
