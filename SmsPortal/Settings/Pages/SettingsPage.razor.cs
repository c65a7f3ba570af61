using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using SmsPortal.Drafts;
using SmsPortal.Outbound;
using SmsPortal.Settings;
using SmsPortal.Team;

namespace SmsPortal.Settings.Pages;

public sealed partial class SettingsPage : IAsyncDisposable
{
    private DraftKeeper? _generalDraft;
    private DraftKeeper? _gatewayDraft;
    private GatewaySettingsForm? _gatewayForm;
    private SavedDraft? _restored;
    private GatewayFormDraft? _gatewayShown;
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
    [Inject] private DraftKeepers Drafts { get; set; } = default!;

    private bool SendingConfigured => _gateway is { UsesInstallationGateway: false } || (_gateway?.Type != GatewayType.None && Gateway.CurrentValue.IsConfigured);

    protected override async Task OnInitializedAsync()
    {
        _me = await CurrentUser.GetAsync();
        _settings = GeneralSettings.From(await SettingsService.GetAsync(_me.WorkspaceId));
        _gateway = await Gateways.GetAsync(_me.WorkspaceId);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Once interactive and loaded: the gateway form, whose values the draft reads, exists by then.
        if (_generalDraft is not null || !RendererInfo.IsInteractive || _me is null || _settings is null || _gatewayForm is null)
        {
            return;
        }
        _generalDraft = Drafts.Keep(_me, DraftKeys.GeneralSettings, InvokeAsync, () => DraftJson.Write(_settings));
        var general = await _generalDraft.StartAsync(DraftJson.Write(_settings));
        if (DraftJson.Read<GeneralSettings>(general) is { } settings)
        {
            _settings = settings;
        }
        _gatewayDraft = Drafts.Keep(_me, DraftKeys.GatewaySettings, InvokeAsync, () => DraftJson.Write(_gatewayForm.DraftValues()));
        _gatewayShown = _gatewayForm.DraftValues();
        var gateway = await _gatewayDraft.StartAsync(DraftJson.Write(_gatewayShown));
        if (DraftJson.Read<GatewayFormDraft>(gateway) is { } values)
        {
            _gatewayForm.Restore(values);
        }
        _restored = general ?? gateway;
        StateHasChanged();
    }

    private async Task DiscardRestoredAsync()
    {
        _settings = GeneralSettings.From(await SettingsService.GetAsync(_me!.WorkspaceId));
        _gateway = await Gateways.GetAsync(_me.WorkspaceId);
        if (_gatewayShown is not null)
        {
            _gatewayForm?.Restore(_gatewayShown);
        }
        _restored = null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var keeper in new[] { _generalDraft, _gatewayDraft })
        {
            if (keeper is not null)
            {
                await keeper.DisposeAsync();
            }
        }
    }

    private async Task SaveGatewayAsync(GatewaySettingsInput input)
    {
        await Gateways.SaveAsync(_me!.WorkspaceId, _me.Actor, input);
        _gateway = await Gateways.GetAsync(_me.WorkspaceId);
        await CommitAsync(_gatewayDraft);
        Snackbar.Add("Gateway saved.", Severity.Success);
    }

    private async Task ClearGatewayAsync()
    {
        await Gateways.ClearAsync(_me!.WorkspaceId, _me.Actor);
        _gateway = await Gateways.GetAsync(_me.WorkspaceId);
        await CommitAsync(_gatewayDraft);
        Snackbar.Add("Using the installation's gateway.", Severity.Info);
    }

    private async Task SaveAsync(GeneralSettings values)
    {
        await SettingsService.SaveGeneralAsync(_me!.WorkspaceId, _me.Actor, values);
        await CommitAsync(_generalDraft);
        Snackbar.Add("Settings saved.", Severity.Success);
    }

    private static async Task CommitAsync(DraftKeeper? keeper)
    {
        if (keeper is not null)
        {
            await keeper.CommitAsync();
        }
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
