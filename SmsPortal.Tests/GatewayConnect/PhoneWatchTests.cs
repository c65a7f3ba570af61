using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.GatewayConnect;
using SmsPortal.Outbound;
using SmsPortal.Settings;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Tests.Infrastructure.FakeGatewayApis;

namespace SmsPortal.Tests.GatewayConnect;

/// <summary>Notices for a gateway that stopped answering and for a phone that went quiet during business hours.</summary>
public sealed class PhoneWatchTests
{
    [Fact]
    public async Task Check_UnreachableGateway_RaisesOneNotice_NotRepeatedWithinSixHours()
    {
        var fake = await FakeSmsGateApi.StartAsync(cloudServer: false, requireHttps: false);
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);
        await kit.ConnectAsync(new ConnectRequest(GatewayType.SmsGate, fake.Url, fake.Username, fake.Password));
        await fake.DisposeAsync();
        var watch = app.Services.GetRequiredService<PhoneWatch>();

        var first = await watch.CheckAsync(DateTimeOffset.UtcNow);
        var again = await watch.CheckAsync(DateTimeOffset.UtcNow.AddHours(1));

        Assert.StartsWith("Gateway unreachable: SMSGate is unreachable at", Assert.Single(first));
        Assert.Empty(again);
        await using var db = app.CreateDbContext();
        Assert.Single(await db.Notifications.Where(n => n.WorkspaceId == kit.Workspace.WorkspaceId).ToListAsync());
    }

    [Fact]
    public async Task Check_QuietPhone_NoticeOnlyDuringBusinessHours()
    {
        await using var fake = await FakeSmsGateApi.StartAsync(cloudServer: false, requireHttps: false);
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);
        var connected = await kit.ConnectAsync(new ConnectRequest(GatewayType.SmsGate, fake.Url, fake.Username, fake.Password));
        await app.Services.GetRequiredService<WorkspaceSettingsService>().UpdateAsync(kit.Workspace.WorkspaceId, s =>
        {
            (s.TimeZone, s.BusinessDays, s.BusinessHoursFrom, s.BusinessHoursTo) = ("UTC", WeekDays.Monday, new TimeOnly(9, 0), new TimeOnly(17, 0));
        });
        var watch = app.Services.GetRequiredService<PhoneWatch>();
        var mondayNoon = NextMonday(connected.ConnectedAt).AddHours(12);

        var sundayNoon = await watch.CheckAsync(mondayNoon.AddDays(-1));
        var mondayEvening = await watch.CheckAsync(mondayNoon.AddHours(8));
        var monday = await watch.CheckAsync(mondayNoon);

        Assert.Empty(sundayNoon);
        Assert.Empty(mondayEvening);
        Assert.Contains("No text received from the SmsGate phone for", Assert.Single(monday));
        Assert.Contains("during business hours", monday[0]);
    }

    [Theory]
    [InlineData("09:00", "17:00", "2026-11-30T08:59:00Z", false)]
    [InlineData("09:00", "17:00", "2026-11-30T09:00:00Z", true)]
    [InlineData("22:00", "06:00", "2026-12-01T05:00:00Z", true)]
    [InlineData("22:00", "06:00", "2026-12-02T05:00:00Z", false)]
    public void InBusinessHours_FollowsDaysHoursAndOvernightSpans(string from, string to, string at, bool expected)
    {
        var workspace = new WorkspaceSettings
        {
            TimeZone = "UTC", BusinessDays = WeekDays.Monday, BusinessHoursFrom = TimeOnly.Parse(from), BusinessHoursTo = TimeOnly.Parse(to),
        };

        Assert.Equal(expected, PhoneWatch.InBusinessHours(workspace, DateTimeOffset.Parse(at)));
    }

    private static DateTimeOffset NextMonday(DateTimeOffset after)
    {
        var day = new DateTimeOffset(after.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);
        while (day.DayOfWeek != DayOfWeek.Monday)
        {
            day = day.AddDays(1);
        }
        return day;
    }
}
