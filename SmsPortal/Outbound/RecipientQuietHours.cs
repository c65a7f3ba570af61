using PhoneNumbers;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Rules.Model;

namespace SmsPortal.Outbound;

/// <summary>
/// When a reply held for the recipient's night may go: their time zone is the contact's own setting, else the zones
/// libphonenumber maps the number to (a number that may be in several counts as quiet while it is night in any of
/// them), else the workspace's.
/// </summary>
public static class RecipientQuietHours
{
    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();
    private static readonly PhoneNumberToTimeZonesMapper Zones = PhoneNumberToTimeZonesMapper.GetInstance();

    public static IReadOnlyList<TimeZoneInfo> ZonesOf(Contact contact, string workspaceZone)
    {
        if (contact.TimeZone is { Length: > 0 } own && TimeZoneInfo.TryFindSystemTimeZoneById(own, out var zone))
        {
            return [zone];
        }
        try
        {
            var found = Zones.GetTimeZonesForNumber(Numbers.Parse(contact.Number, null))
                .Where(id => id != Zones.GetUnknownTimeZone())
                .Select(id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var z) ? z : null)
                .OfType<TimeZoneInfo>().ToList();
            if (found.Count > 0)
            {
                return found;
            }
        }
        catch (NumberParseException)
        {
            // Not an international number: the workspace's zone is the best guess.
        }
        return [IanaTimeZones.Find(workspaceZone)];
    }

    /// <summary>When the quiet window ends for every zone it is open in now; null when it is not quiet anywhere.</summary>
    public static DateTimeOffset? HeldUntil(QuietHours quiet, IReadOnlyList<TimeZoneInfo> zones, DateTimeOffset now)
    {
        DateTimeOffset? until = null;
        foreach (var zone in zones)
        {
            if (EndIn(quiet, zone, now) is { } end && (until is null || end > until))
            {
                until = end;
            }
        }
        return until;
    }

    private static DateTimeOffset? EndIn(QuietHours quiet, TimeZoneInfo zone, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var today = DateOnly.FromDateTime(local.DateTime);
        DateOnly? endDay = quiet.From < quiet.To
            ? (time >= quiet.From && time < quiet.To ? today : null)
            : (time >= quiet.From ? today.AddDays(1) : time < quiet.To ? today : null);
        if (endDay is not { } day)
        {
            return null;
        }
        var end = day.ToDateTime(quiet.To);
        // A window ending in a skipped hour (spring forward) ends when the clocks have moved on.
        while (zone.IsInvalidTime(end))
        {
            end = end.AddMinutes(30);
        }
        // In UTC: SQLite compares the stored text, so every due time must carry the same offset.
        return new DateTimeOffset(end, zone.GetUtcOffset(end)).ToUniversalTime();
    }
}
