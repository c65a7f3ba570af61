using Microsoft.Extensions.Time.Testing;
using SmsPortal.Common;

namespace SmsPortal.Tests.Common;

public sealed class DateTimeDisplayTests
{
    // 23:30 UTC on 2 March is already 3 March in Berlin (UTC+1 in winter).
    private static readonly FakeTimeProvider Now = new(new DateTimeOffset(2026, 3, 2, 23, 30, 0, TimeSpan.Zero));

    [Fact]
    public void Time_InTheWorkspaceZone_TodayShowsTheClockEarlierTheDayToo()
    {
        var berlin = new DateTimeDisplay(IanaTimeZones.Find("Europe/Berlin"), Now);

        Assert.Equal("00:10", berlin.Time(new DateTimeOffset(2026, 3, 2, 23, 10, 0, TimeSpan.Zero)));
        Assert.Equal("2 Mar 22:10", berlin.Time(new DateTimeOffset(2026, 3, 2, 21, 10, 0, TimeSpan.Zero)));
        Assert.Equal("2 Mar", berlin.Day(new DateTimeOffset(2026, 3, 2, 21, 10, 0, TimeSpan.Zero)));
        Assert.Equal("23:10", DateTimeDisplay.Utc.Time(DateTimeOffset.UtcNow.Date.AddHours(23).AddMinutes(10)));
    }

    [Fact]
    public void DateAndTime_ZonesDisagree_EachShowsItsOwnWallClock()
    {
        var at = new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal("1 Jul 2026 14:00", new DateTimeDisplay(IanaTimeZones.Find("Europe/Berlin"), Now).DateAndTime(at));
        Assert.Equal("1 Jul 2026 08:00", new DateTimeDisplay(IanaTimeZones.Find("America/New_York"), Now).DateAndTime(at));
        Assert.Equal("1 Jul 2026", new DateTimeDisplay(IanaTimeZones.Find("Asia/Tokyo"), Now).Date(at));
    }

    [Fact]
    public void Format_Never_Blank()
    {
        Assert.Equal("", DateTimeDisplay.Utc.Day(DateTimeOffset.MinValue));
        Assert.Equal("", DateTimeDisplay.Utc.DateAndTime(DateTimeOffset.MinValue));
    }

    [Fact]
    public void IanaTimeZones_OneListOfIanaNames_UnknownFallsBackToUtc()
    {
        Assert.Contains("Europe/Berlin", IanaTimeZones.All);
        Assert.Contains("UTC", IanaTimeZones.All);
        Assert.All(IanaTimeZones.All, z => Assert.True(z == "UTC" || z.Contains('/') || !z.Contains(' '), $"{z} is not an IANA name"));
        Assert.True(IanaTimeZones.IsKnown("America/New_York"));
        Assert.False(IanaTimeZones.IsKnown("Mars/Olympus_Mons"));
        Assert.Same(TimeZoneInfo.Utc, IanaTimeZones.Find("Mars/Olympus_Mons"));
        Assert.Equal(["Europe/Berlin"], IanaTimeZones.Search(" europe/berl"));
    }
}
