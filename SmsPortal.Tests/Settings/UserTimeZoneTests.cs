using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Common;
using SmsPortal.Settings;
using SmsPortal.Team;
using SmsPortal.Tests.Inbox;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Settings;

/// <summary>Times follow the person's own zone (from their browser at first), else the workspace's.</summary>
public sealed class UserTimeZoneTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly DateTimeOffset Noon = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Display_UsersZone_BrowserDefaultOnlyOnce_WorkspaceZoneOtherwise()
    {
        var team = await ConversationTeam.CreateAsync(app);
        await team.SettingsAsync(s => s.TimeZone = "Europe/Berlin");
        var zones = app.Services.GetRequiredService<UserTimeZones>();
        var clock = app.Services.GetRequiredService<WorkspaceClock>();
        var a = new PortalUser(team.AgentA.UserId!, "a@example.test", team.WorkspaceId, "", WorkspaceRole.Agent);
        var b = new PortalUser(team.AgentB.UserId!, "b@example.test", team.WorkspaceId, "", WorkspaceRole.Agent);

        var workspaceZone = (await clock.DisplayAsync(a)).DateAndTime(Noon);
        Assert.True(await zones.DefaultFromBrowserAsync(a.UserId, "America/New_York"));
        Assert.False(await zones.DefaultFromBrowserAsync(a.UserId, "Asia/Tokyo"));
        Assert.False(await zones.DefaultFromBrowserAsync(b.UserId, "Not/AZone"));
        var own = (await clock.DisplayAsync(a)).DateAndTime(Noon);
        await zones.SetAsync(a.UserId, "Asia/Tokyo");
        var changed = (await clock.DisplayAsync(a)).DateAndTime(Noon);
        var error = await Assert.ThrowsAsync<UserInputException>(() => zones.SetAsync(a.UserId, "Mars/Olympus"));

        Assert.Equal("1 Jul 2026 14:00", workspaceZone);
        Assert.Equal("1 Jul 2026 08:00", own);
        Assert.Equal("1 Jul 2026 21:00", changed);
        Assert.Equal("1 Jul 2026 14:00", (await clock.DisplayAsync(b)).DateAndTime(Noon));
        Assert.Contains("Mars/Olympus", error.Message);
    }
}
