namespace SmsPortal.Common;

/// <summary>
/// The one list of time zones the portal offers and accepts: IANA names (<c>Europe/Berlin</c>), the form the
/// settings store and the rules' business-hours conditions name. A system that knows zones by Windows ids still
/// answers in IANA names.
/// </summary>
public static class IanaTimeZones
{
    private static readonly Lazy<IReadOnlyList<string>> s_all = new(() =>
        TimeZoneInfo.GetSystemTimeZones()
            .Select(z => z.HasIanaId ? z.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(z.Id, out var iana) ? iana : null)
            .OfType<string>()
            .Append("UTC")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList());

    /// <summary>IANA names of this system's zones, and UTC, in ordinal order.</summary>
    public static IReadOnlyList<string> All => s_all.Value;

    /// <summary>The names containing <paramref name="text"/> (every name when it is blank), for a search box.</summary>
    public static IEnumerable<string> Search(string? text) =>
        string.IsNullOrWhiteSpace(text) ? All : All.Where(z => z.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase));

    public static bool IsKnown(string? id) =>
        id is { Length: > 0 and <= 64 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>The zone for <paramref name="id"/>, or UTC when it is unknown on this system.</summary>
    public static TimeZoneInfo Find(string? id) =>
        id is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
