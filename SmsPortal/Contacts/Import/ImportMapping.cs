namespace SmsPortal.Contacts.Import;

/// <summary>Which column holds what (0-based); only the number is required.</summary>
/// <param name="ConsentMeansOptedOut">The consent column says "opted out" when true (<c>opted_out</c>), rather than "consented" (<c>consent</c>).</param>
public sealed record ImportMapping(int NumberColumn, int? NameColumn = null, int? ConsentColumn = null, bool ConsentMeansOptedOut = false)
{
    private static readonly string[] NumberWords = ["phone", "number", "mobile", "msisdn", "tel", "cell"];
    private static readonly string[] ConsentWords = ["consent", "opt", "subscri", "sms_ok", "marketing"];

    /// <summary>The mapping a header suggests: <c>Phone</c>/<c>Mobile number</c>, <c>Name</c>, <c>Consent</c>/<c>opted_out</c>.</summary>
    public static ImportMapping Guess(IReadOnlyList<string> header)
    {
        int? Find(Func<string, bool> matches)
        {
            var index = header.Select(h => h.ToLowerInvariant()).ToList().FindIndex(h => matches(h));
            return index < 0 ? null : index;
        }
        var number = Find(h => NumberWords.Any(h.Contains)) ?? 0;
        var name = Find(h => h.Contains("name") && !NumberWords.Any(h.Contains));
        var consent = Find(h => ConsentWords.Any(h.Contains));
        var optOut = consent is { } c && (header[c].Contains("out", StringComparison.OrdinalIgnoreCase) || header[c].Contains("unsub", StringComparison.OrdinalIgnoreCase));
        return new ImportMapping(number, name == number ? null : name, consent == number ? null : consent, optOut);
    }

    /// <summary>The cell as "opted out" (true), "opted in" (false), unchanged (null, blank), or not understood.</summary>
    public bool? OptedOut(string cell, out bool understood)
    {
        understood = true;
        var value = cell.Trim().ToLowerInvariant();
        bool? yes = value switch
        {
            "" => null,
            "1" or "y" or "yes" or "true" or "x" or "opted in" or "opt-in" or "in" or "subscribed" => true,
            "0" or "n" or "no" or "false" or "opted out" or "opt-out" or "out" or "unsubscribed" or "stop" => false,
            _ => null,
        };
        if (yes is null)
        {
            understood = value.Length == 0;
            return null;
        }
        // "opted out: yes" and "consent: no" both mean opted out.
        return ConsentMeansOptedOut ? yes : !yes;
    }
}
