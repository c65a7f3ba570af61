using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Settings;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Settings;

public sealed class WorkspaceSettingsServiceTests : IAsyncLifetime
{
    private readonly TestApp _app = new();

    private WorkspaceSettingsService Service => _app.Services.GetRequiredService<WorkspaceSettingsService>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task GetAsync_NeverSaved_Defaults()
    {
        var endpoint = await _app.CreateEndpointAsync();

        var settings = await Service.GetAsync(endpoint.WorkspaceId);

        Assert.Equal("US", settings.DefaultRegion);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], settings.BusinessDays.ToList());
        Assert.Equal((new TimeOnly(9, 0), new TimeOnly(17, 0)), (settings.BusinessHoursFrom, settings.BusinessHoursTo));
        Assert.Equal("UTC", settings.TimeZone);
    }

    [Fact]
    public async Task SaveGeneralAsync_ValidValues_StoredAndAudited()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var values = GeneralSettings.From(await Service.GetAsync(endpoint.WorkspaceId));
        values.DefaultRegion = "gb";
        values.BusinessDays = WeekDays.Saturday | WeekDays.Sunday;
        values.BusinessHoursFrom = new TimeOnly(22, 0);
        values.BusinessHoursTo = new TimeOnly(6, 0);
        values.TimeZone = "Europe/London";
        values.LoopGuardMaxReplies = 3;

        await Service.SaveGeneralAsync(endpoint.WorkspaceId, await OwnerAsync(endpoint), values);

        var saved = await Service.GetAsync(endpoint.WorkspaceId);
        Assert.Equal("GB", saved.DefaultRegion);
        Assert.Equal([DayOfWeek.Sunday, DayOfWeek.Saturday], saved.BusinessDays.ToList());
        Assert.Equal((new TimeOnly(22, 0), new TimeOnly(6, 0)), (saved.BusinessHoursFrom, saved.BusinessHoursTo));
        Assert.Equal("Europe/London", saved.TimeZone);
        Assert.Equal(3, saved.LoopGuardMaxReplies);
        await using var db = _app.CreateDbContext();
        var audit = await db.AuditLog.SingleAsync(a => a.WorkspaceId == endpoint.WorkspaceId && a.Action == WorkspaceSettingsService.SettingsChanged);
        Assert.Equal(endpoint.Email, audit.Actor);
        Assert.Contains("DefaultRegion: US → GB", audit.Detail);
        Assert.Contains("TimeZone: UTC → Europe/London", audit.Detail);
        Assert.DoesNotContain("LoopGuardWindowMinutes", audit.Detail);
    }

    public static TheoryData<string, Action<GeneralSettings>> BadValues => new()
    {
        { nameof(GeneralSettings.DefaultRegion), s => s.DefaultRegion = "XX" },
        { nameof(GeneralSettings.LoopGuardMaxReplies), s => s.LoopGuardMaxReplies = 0 },
        { nameof(GeneralSettings.LoopGuardMaxReplies), s => s.LoopGuardMaxReplies = 1001 },
        { nameof(GeneralSettings.LoopGuardWindowMinutes), s => s.LoopGuardWindowMinutes = 0 },
        { nameof(GeneralSettings.LoopGuardWindowMinutes), s => s.LoopGuardWindowMinutes = 24 * 60 + 1 },
        { nameof(GeneralSettings.BusinessDays), s => s.BusinessDays = WeekDays.None },
        { nameof(GeneralSettings.BusinessHoursTo), s => s.BusinessHoursTo = s.BusinessHoursFrom },
        { nameof(GeneralSettings.TimeZone), s => s.TimeZone = "Mars/Olympus_Mons" },
        { nameof(GeneralSettings.TimeZone), s => s.TimeZone = "" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task SaveGeneralAsync_BadValue_UserInputExceptionAndNothingSaved(string field, Action<GeneralSettings> spoil)
    {
        var endpoint = await _app.CreateEndpointAsync();
        var values = GeneralSettings.From(await Service.GetAsync(endpoint.WorkspaceId));
        spoil(values);
        var owner = await OwnerAsync(endpoint);

        var error = await Assert.ThrowsAsync<UserInputException>(() => Service.SaveGeneralAsync(endpoint.WorkspaceId, owner, values));

        Assert.Equal(values.Errors()[field], error.Message);
        Assert.Single(values.Errors());
        await using var db = _app.CreateDbContext();
        Assert.False(await db.WorkspaceSettings.AnyAsync(s => s.WorkspaceId == endpoint.WorkspaceId));
        Assert.False(await db.AuditLog.AnyAsync(a => a.WorkspaceId == endpoint.WorkspaceId && a.Action == WorkspaceSettingsService.SettingsChanged));
    }

    [Fact]
    public async Task SaveGeneralAsync_ActorNotAdminOfThisWorkspace_Refused()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var other = await _app.CreateEndpointAsync();
        var values = GeneralSettings.From(await Service.GetAsync(endpoint.WorkspaceId));
        values.LoopGuardMaxReplies = 2;
        var stranger = await OwnerAsync(other);

        var error = await Assert.ThrowsAsync<UserInputException>(() => Service.SaveGeneralAsync(endpoint.WorkspaceId, stranger, values));

        Assert.Contains("Only an Owner or Admin", error.Message);
        Assert.Equal(5, (await Service.GetAsync(endpoint.WorkspaceId)).LoopGuardMaxReplies);
    }

    private async Task<Actor> OwnerAsync(TestEndpoint endpoint)
    {
        var members = await _app.Services.GetRequiredService<TeamService>().MembersAsync(endpoint.WorkspaceId);
        return new Actor(members.Single().UserId, endpoint.Email);
    }
}
