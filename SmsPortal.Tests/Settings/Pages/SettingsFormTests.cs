using Bunit;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Settings.Pages;
using SmsPortal.Settings;

using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Settings.Pages;

public sealed class SettingsFormTests : IAsyncLifetime
{
    private readonly BunitContext _context = new BunitContext().AddPortalDefaults();
    private readonly List<GeneralSettings> _saved = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Save_LoopGuardOutOfRange_MessageAtFieldAndNotSaved()
    {
        var model = GeneralSettings.From(new WorkspaceSettings { LoopGuardMaxReplies = 0 });
        var form = Render(model);

        await form.Find("[data-testid=settings-save]").ClickAsync(new());

        Assert.Empty(_saved);
        var field = form.Find("[data-testid=settings-max-replies]").Closest(".mud-input-control")!;
        Assert.Contains("The loop guard allows 1 to 1000 auto-replies per window.", field.TextContent);
    }

    [Fact]
    public async Task Save_NoBusinessDays_MessageAtDays()
    {
        var model = GeneralSettings.From(new WorkspaceSettings { BusinessDays = WeekDays.None });
        var form = Render(model);

        await form.Find("[data-testid=settings-save]").ClickAsync(new());

        Assert.Empty(_saved);
        Assert.Equal("Choose at least one business day.", form.Find("[data-testid=settings-days-error]").TextContent);
    }

    [Fact]
    public async Task Save_ValidValues_CallsOnSaveOnce()
    {
        var form = Render(GeneralSettings.From(new WorkspaceSettings()));

        await form.Find("[data-testid=settings-save]").ClickAsync(new());

        var saved = Assert.Single(_saved);
        Assert.Equal(new TimeOnly(9, 0), saved.BusinessHoursFrom);
        Assert.DoesNotContain("mud-input-error", form.Markup);
    }

    [Fact]
    public async Task Save_ServiceRefuses_ShowsItsMessage()
    {
        var form = _context.Render<SettingsForm>(p => p
            .Add(f => f.Model, GeneralSettings.From(new WorkspaceSettings()))
            .Add(f => f.OnSave, _ => throw new UserInputException("Only an Owner or Admin of this team can do that.")));

        await form.Find("[data-testid=settings-save]").ClickAsync(new());

        Assert.Contains("Only an Owner or Admin", form.Find("[data-testid=settings-save-error]").TextContent);
    }

    private IRenderedComponent<SettingsForm> Render(GeneralSettings model)
    {
        _context.Render<MudPopoverProvider>();
        return _context.Render<SettingsForm>(p => p
            .Add(f => f.Model, model)
            .Add(f => f.OnSave, s =>
            {
                _saved.Add(s);
                return Task.CompletedTask;
            }));
    }
}
