using Microsoft.AspNetCore.Components;
using SmsPortal.Common;
using SmsPortal.Outbound;

namespace SmsPortal.Settings.Pages;

/// <summary>A workspace's own gateway: type, address and credentials. Saved credentials are never shown again.</summary>
public sealed partial class GatewaySettingsForm
{
    private static readonly GatewayType[] Types = [GatewayType.SmsGate, GatewayType.Textbee, GatewayType.HttpSms, GatewayType.Twilio, GatewayType.Generic];
    private GatewayType _type = GatewayType.SmsGate;
    private Draft _input = new();
    private string? _error;
    private bool _saving;
    private GatewaySettingsView? _shown;

    [Parameter] public GatewaySettingsView? Current { get; set; }

    /// <summary>Saves; throws <see cref="UserInputException"/> with a message to show.</summary>
    [Parameter, EditorRequired] public Func<GatewaySettingsInput, Task> OnSave { get; set; } = default!;

    [Parameter] public EventCallback OnClear { get; set; }

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(Current, _shown))
        {
            return;
        }
        _shown = Current;
        if (Current is { UsesInstallationGateway: false } current)
        {
            _type = current.Type;
            _input = new Draft
            {
                BaseUrl = current.BaseUrl, Username = current.Username, DeviceId = current.DeviceId, From = current.From,
                AccountSid = current.AccountSid, MessagingServiceSid = current.MessagingServiceSid, StatusCallbackUrl = current.StatusCallbackUrl,
            };
        }
    }

    private async Task SaveAsync()
    {
        _saving = true;
        _error = null;
        try
        {
            await OnSave(new GatewaySettingsInput(_type, _input.BaseUrl, _input.Username, _input.DeviceId, _input.From, _input.AccountSid,
                _input.MessagingServiceSid, _input.StatusCallbackUrl, _input.ApiKey, _input.Password, _input.AuthToken));
            _input.ApiKey = _input.Password = _input.AuthToken = null;
        }
        catch (UserInputException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>What the form holds, without the credentials (a draft never stores one).</summary>
    public GatewayFormDraft DraftValues() => new(_type, _input.BaseUrl, _input.Username, _input.DeviceId, _input.From,
        _input.AccountSid, _input.MessagingServiceSid, _input.StatusCallbackUrl);

    /// <summary>Puts back values kept in a draft; credentials stay as they are.</summary>
    public void Restore(GatewayFormDraft draft)
    {
        _type = draft.Type;
        (_input.BaseUrl, _input.Username, _input.DeviceId, _input.From) = (draft.BaseUrl, draft.Username, draft.DeviceId, draft.From);
        (_input.AccountSid, _input.MessagingServiceSid, _input.StatusCallbackUrl) = (draft.AccountSid, draft.MessagingServiceSid, draft.StatusCallbackUrl);
        StateHasChanged();
    }

    internal const string SavedCredentialHint = "Saved (hidden). Leave empty to keep it; a new scheme, host or port in the Base URL clears it.";

    private static string? SavedHint(bool? saved) => saved == true ? SavedCredentialHint : null;

    private static string Label(GatewayType type) => type switch
    {
        GatewayType.SmsGate => "SMSGate (android-sms-gateway)",
        GatewayType.Textbee => "textbee",
        GatewayType.HttpSms => "httpSMS",
        GatewayType.Twilio => "Twilio",
        GatewayType.Generic => "Generic REST",
        _ => type.ToString(),
    };

    private sealed class Draft
    {
        public string? BaseUrl { get; set; }
        public string? Username { get; set; }
        public string? Password { get; set; }
        public string? ApiKey { get; set; }
        public string? DeviceId { get; set; }
        public string? From { get; set; }
        public string? AccountSid { get; set; }
        public string? AuthToken { get; set; }
        public string? MessagingServiceSid { get; set; }
        public string? StatusCallbackUrl { get; set; }
    }
}

/// <summary>A gateway form's values as a draft keeps them: no API key, password or token.</summary>
public sealed record GatewayFormDraft(GatewayType Type, string? BaseUrl, string? Username, string? DeviceId, string? From,
    string? AccountSid, string? MessagingServiceSid, string? StatusCallbackUrl);
