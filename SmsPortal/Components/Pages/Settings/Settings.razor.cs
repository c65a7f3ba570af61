using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using SmsPortal.Outbound;
using SmsPortal.Settings;
using SmsPortal.Team;

namespace SmsPortal.Components.Pages.Settings;

public sealed partial class Settings
{
    private PortalUser? _me;
    private GeneralSettings? _settings;

    [Inject] private WorkspaceSettingsService SettingsService { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IOptionsMonitor<GatewayOptions> Gateway { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _me = await CurrentUser.GetAsync();
        _settings = GeneralSettings.From(await SettingsService.GetAsync(_me.WorkspaceId));
    }

    private async Task SaveAsync(GeneralSettings values)
    {
        await SettingsService.SaveGeneralAsync(_me!.WorkspaceId, _me.Actor, values);
        Snackbar.Add("Settings saved.", Severity.Success);
    }
}
