using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using SmsPortal.Outbound;
using SmsPortal.Settings;
using SmsPortal.Team;

namespace SmsPortal.Settings.Pages;

public sealed partial class SettingsPage
{
    private PortalUser? _me;
    private GeneralSettings? _settings;
    private string? _testNumber;
    private string? _testError;
    private OutboundMessage? _testQueued;
    private bool _sending;
    private GatewaySettingsView? _gateway;

    [Inject] private WorkspaceSettingsService SettingsService { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IOptionsMonitor<GatewayOptions> Gateway { get; set; } = default!;
    [Inject] private OutboundService Outbound { get; set; } = default!;
    [Inject] private GatewaySettingsService Gateways { get; set; } = default!;

    private bool SendingConfigured => _gateway is { UsesInstallationGateway: false } || (_gateway?.Type != GatewayType.None && Gateway.CurrentValue.IsConfigured);

    protected override async Task OnInitializedAsync()
    {
        _me = await CurrentUser.GetAsync();
        _settings = GeneralSettings.From(await SettingsService.GetAsync(_me.WorkspaceId));
        _gateway = await Gateways.GetAsync(_me.WorkspaceId);
    }

    private async Task SaveGatewayAsync(GatewaySettingsInput input)
    {
        await Gateways.SaveAsync(_me!.WorkspaceId, _me.Actor, input);
        _gateway = await Gateways.GetAsync(_me.WorkspaceId);
        Snackbar.Add("Gateway saved.", Severity.Success);
    }

    private async Task ClearGatewayAsync()
    {
        await Gateways.ClearAsync(_me!.WorkspaceId, _me.Actor);
        _gateway = await Gateways.GetAsync(_me.WorkspaceId);
        Snackbar.Add("Using the installation's gateway.", Severity.Info);
    }

    private async Task SaveAsync(GeneralSettings values)
    {
        await SettingsService.SaveGeneralAsync(_me!.WorkspaceId, _me.Actor, values);
        Snackbar.Add("Settings saved.", Severity.Success);
    }

    private async Task SendTestAsync()
    {
        _sending = true;
        _testError = null;
        try
        {
            _testQueued = await Outbound.SendTestAsync(_me!.WorkspaceId, _me.Actor, _testNumber ?? "");
            Snackbar.Add("Test SMS queued.", Severity.Success);
        }
        catch (Common.UserInputException ex)
        {
            _testError = ex.Message;
        }
        finally
        {
            _sending = false;
        }
    }
}
