using System.Globalization;

namespace SmsPortal.Common;

/// <summary>
/// The one way the portal shows a moment to a person: in their own time zone, else the workspace's (never the server's), with
/// English month names whatever the server's culture. <see cref="DateTimeOffset.MinValue"/> ("never") shows as blank.
/// </summary>
public sealed class DateTimeDisplay(TimeZoneInfo zone, TimeProvider time)
{
    /// <summary>Shows moments in UTC (before a workspace's zone is known, and in tests).</summary>
    public static DateTimeDisplay Utc { get; } = new(TimeZoneInfo.Utc, TimeProvider.System);

    public TimeZoneInfo Zone => zone;

    /// <summary>A message's time: <c>14:05</c> today, <c>3 Mar 14:05</c> before.</summary>
    public string Time(DateTimeOffset at) => Format(at, IsToday(at) ? "HH:mm" : "d MMM HH:mm");

    /// <summary>A list's last-activity column: <c>14:05</c> today, <c>3 Mar</c> before.</summary>
    public string Day(DateTimeOffset at) => Format(at, IsToday(at) ? "HH:mm" : "d MMM");

    /// <summary><c>3 Mar 2026</c>.</summary>
    public string Date(DateTimeOffset at) => Format(at, "d MMM yyyy");

    /// <summary><c>3 Mar 2026 14:05</c>.</summary>
    public string DateAndTime(DateTimeOffset at) => Format(at, "d MMM yyyy HH:mm");

    /// <summary><c>3 Mar 2026 14:05:09</c>, for logs.</summary>
    public string Precise(DateTimeOffset at) => Format(at, "d MMM yyyy HH:mm:ss");

    /// <summary>The zone's name for a column header or a caption: <c>Europe/Berlin</c>.</summary>
    public string ZoneName => zone.Id;

    private bool IsToday(DateTimeOffset at) => Local(at).Date == Local(time.GetUtcNow()).Date;

    private DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone);

    private string Format(DateTimeOffset at, string format) =>
        at == DateTimeOffset.MinValue ? "" : Local(at).ToString(format, CultureInfo.InvariantCulture);
}
