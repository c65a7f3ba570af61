namespace SmsPortal.Components.Account;

/// <summary>Text the browser's passkey script posts back (its error message), made safe to show.</summary>
internal static class PasskeyText
{
    /// <summary>More than a browser's error message ever is; the rest would only bloat the page or the status cookie.</summary>
    public const int MaxErrorLength = 200;

    public static string Shorten(string error) => error.Length <= MaxErrorLength ? error : error[..MaxErrorLength] + "…";
}
