using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Endpoints;

namespace SmsPortal.Endpoints.Pages;

public sealed record NewEndpoint(string Name, string? Description, EndpointFormat Format, string? Secret);

/// <summary>Asks for a new endpoint's details; the page creates it, so a refusal shows here and the dialog stays open.</summary>
public partial class CreateEndpointDialog
{
    private MudForm _form = default!;
    private string _name = "";
    private string? _description;
    private EndpointFormat _format = EndpointFormat.Native;
    private string? _secret;
    private string? _error;
    private bool _busy;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>Creates the endpoint; a <see cref="UserInputException"/> is shown to the user.</summary>
    [Parameter, EditorRequired]
    public Func<NewEndpoint, Task<CreatedEndpoint>> OnCreate { get; set; } = default!;

    internal static string FormatLabel(EndpointFormat format) => format switch
    {
        EndpointFormat.Native => "Native (SmsPortal)",
        EndpointFormat.StandardWebhooks => "Standard Webhooks",
        EndpointFormat.SmsGate => "SMSGate",
        EndpointFormat.Textbee => "textbee",
        EndpointFormat.Twilio => "Twilio",
        EndpointFormat.HttpSms => "httpSMS",
        _ => format.ToString(),
    };

    internal static string FormatHelp(EndpointFormat format) => format switch
    {
        EndpointFormat.Native => "Our own JSON, signed in X-Signature with a secret we generate.",
        EndpointFormat.StandardWebhooks => "Gateways that sign the Standard Webhooks way; we generate the secret.",
        EndpointFormat.SmsGate => "SMSGate (android-sms-gateway); we generate the signing key.",
        EndpointFormat.Textbee => "textbee.dev; we generate the signing secret.",
        EndpointFormat.Twilio => "Twilio signs with your account's auth token: paste it below.",
        EndpointFormat.HttpSms => "httpSMS (httpsms.com); paste the secret we generate as the webhook's signing key.",
        _ => "",
    };

    private async Task CreateAsync()
    {
        await _form.ValidateAsync();
        if (!_form.IsValid)
        {
            return;
        }
        _busy = true;
        _error = null;
        try
        {
            var created = await OnCreate(new NewEndpoint(_name, _description, _format, _format == EndpointFormat.Twilio ? _secret : null));
            Dialog.Close(DialogResult.Ok(created));
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

    private void Cancel() => Dialog.Cancel();
}
