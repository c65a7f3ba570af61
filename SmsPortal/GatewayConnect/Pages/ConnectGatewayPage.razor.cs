using Microsoft.AspNetCore.Components;
using SmsPortal.Common;
using SmsPortal.Live;
using SmsPortal.Outbound;
using SmsPortal.Team;

namespace SmsPortal.GatewayConnect.Pages;

public sealed partial class ConnectGatewayPage
{
    private readonly ConnectForm _input = new();
    private PortalUser? _me;
    private ConnectResult? _result;
    private GatewayType _connectedType;
    private FirstText? _first;
    private string? _error;
    private string? _testNumber;
    private string? _testNote;
    private bool _busy;
    private IDisposable? _subscription;

    [Inject] private GatewayConnector Connector { get; set; } = default!;
    [Inject] private OutboundService Outbound { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private LiveUpdates Live { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _me = await CurrentUser.GetAsync();
        _subscription = Live.Subscribe(_me.WorkspaceId, update => update.Kind == LiveUpdateKind.MessageReceived ? CheckFirstTextAsync() : Task.CompletedTask);
    }

    private async Task ConnectAsync()
    {
        (_busy, _error) = (true, null);
        try
        {
            var phone = string.IsNullOrWhiteSpace(_input.Phone) ? null : _input.Phone;
            _result = await Connector.ConnectAsync(_me!.WorkspaceId, _me.Actor, new ConnectRequest(_input.Type, _input.BaseUrl, _input.Username,
                _input.Password, _input.ApiKey, _input.Type == GatewayType.Textbee ? phone : null, _input.Type == GatewayType.HttpSms ? phone : null), Navigation.BaseUri);
            (_connectedType, _testNumber, _first, _testNote) = (_input.Type, _result.PhoneNumber, null, null);
            await CheckFirstTextAsync();
        }
        catch (UserInputException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SendTestAsync()
    {
        _busy = true;
        try
        {
            await Outbound.SendTestAsync(_me!.WorkspaceId, _me.Actor, _testNumber ?? "");
            _testNote = $"Test SMS queued to {_testNumber}: when the phone receives it, it shows below as the first text.";
        }
        catch (UserInputException ex)
        {
            _testNote = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CheckFirstTextAsync()
    {
        if (_result is not { } result || _first is not null)
        {
            return;
        }
        var first = await Connector.FirstTextAsync(_me!.WorkspaceId, result.EndpointId, result.ConnectedAt);
        if (first is not null)
        {
            await InvokeAsync(() =>
            {
                _first = first;
                StateHasChanged();
            });
        }
    }

    private static string Label(GatewayType type) => type switch
    {
        GatewayType.SmsGate => "SMSGate",
        GatewayType.Textbee => "textbee",
        GatewayType.HttpSms => "httpSMS",
        _ => type.ToString(),
    };

    public void Dispose() => _subscription?.Dispose();

    private sealed class ConnectForm
    {
        public GatewayType Type { get; set; } = GatewayType.SmsGate;
        public string? BaseUrl { get; set; }
        public string? Username { get; set; }
        public string? Password { get; set; }
        public string? ApiKey { get; set; }
        public string? Phone { get; set; }
    }
}
