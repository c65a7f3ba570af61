using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Components.Shared;
using SmsPortal.Endpoints;
using SmsPortal.Team;
using SmsPortal.Webhooks;

namespace SmsPortal.Endpoints.Pages;

public partial class EndpointsPage
{
    private PortalUser _user = default!;
    private IReadOnlyList<EndpointSummary>? _endpoints;
    private readonly Dictionary<string, TestDeliveryResult> _testResults = [];
    private readonly HashSet<string> _sending = [];

    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private EndpointService Endpoints { get; set; } = default!;
    [Inject] private TestDelivery TestDelivery { get; set; } = default!;
    [Inject] private HookUrls HookUrls { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private Clipboard Clipboard { get; set; } = default!;
    [Inject] private SmsPortal.Settings.WorkspaceClock Clock { get; set; } = default!;

    private SmsPortal.Common.DateTimeDisplay _display = SmsPortal.Common.DateTimeDisplay.Utc;

    /// <summary>False while prerendered: buttons wait for the circuit, so an early click is not lost.</summary>
    private bool Ready => RendererInfo.IsInteractive;

    protected override async Task OnInitializedAsync()
    {
        _user = await CurrentUser.GetAsync();
        _display = await Clock.DisplayAsync(_user);
        await LoadAsync();
    }

    private async Task LoadAsync() =>
        // The page's policy already keeps Agents out; this keeps secrets-adjacent data out of an Agent circuit regardless.
        _endpoints = _user.IsAdmin ? await Endpoints.ListAsync(_user.WorkspaceId) : [];

    private string HookUrl(EndpointSummary endpoint) => HookUrls.For(endpoint.Path, Navigation.BaseUri);

    private static string TestTooltip(EndpointSummary endpoint) =>
        endpoint.Format != EndpointFormat.Native
            ? "Only Native endpoints can be tested from here: other formats are signed by their gateway, so send a real message through it."
            : !endpoint.Enabled
                ? "Enable the endpoint to send a test delivery."
                : "Signs a sample message with the current secret and posts it to this URL; it arrives flagged as a test.";

    private async Task NewEndpointAsync()
    {
        var parameters = new DialogParameters<CreateEndpointDialog>
        {
            { d => d.OnCreate, request => RequireAdmin(() => Endpoints.CreateAsync(
                _user.WorkspaceId, _user.Actor, request.Name, request.Description, request.Format, request.Secret)) },
        };
        var dialog = await Dialogs.ShowAsync<CreateEndpointDialog>("New endpoint", parameters, DialogOptions);
        if (await dialog.Result is not { Canceled: false, Data: CreatedEndpoint created })
        {
            return;
        }
        await LoadAsync();
        StateHasChanged();
        await ShowSecretAsync("Endpoint created", HookUrls.For(created.Path, Navigation.BaseUri), created.Secret,
            "Copy the secret now and enter it with the URL in your gateway: it is not shown again here.", null);
    }

    private Task RevealAsync(EndpointSummary endpoint) => RunAsync(async () =>
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Reveal secret?",
            $"The current secret of '{endpoint.Name}' will be shown. This is recorded in the audit log.", yesText: "Reveal", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }
        var secret = await RequireAdmin(() => Endpoints.RevealSecretAsync(_user.WorkspaceId, _user.Actor, endpoint.Id));
        await ShowSecretAsync($"Secret of {endpoint.Name}", HookUrl(endpoint), secret, null, null);
    });

    private Task RotateAsync(EndpointSummary endpoint) => RunAsync(async () =>
    {
        var parameters = new DialogParameters<RotateSecretDialog> { { d => d.Format, endpoint.Format } };
        var dialog = await Dialogs.ShowAsync<RotateSecretDialog>($"Rotate the secret of {endpoint.Name}", parameters, DialogOptions);
        if (await dialog.Result is not { Canceled: false, Data: SecretRotationRequest request })
        {
            return;
        }
        var rotated = await RequireAdmin(() => Endpoints.RotateAsync(_user.WorkspaceId, _user.Actor, endpoint.Id, request.Grace, request.Secret));
        await LoadAsync();
        StateHasChanged();
        var message = rotated.GatewayNotes is { Count: > 0 } notes
            ? string.Join(" ", notes)
            : "Copy the new secret now and enter it in your gateway: it is not shown again here.";
        await ShowSecretAsync("New secret", HookUrl(endpoint), rotated.Secret, message, rotated.PreviousSecretsValidUntil);
    });

    private Task ChangeFormatAsync(EndpointSummary endpoint, EndpointFormat format) => RunAsync(async () =>
    {
        if (format == endpoint.Format)
        {
            return;
        }
        var note = format == EndpointFormat.Twilio
            ? " Twilio signs with your auth token: rotate the secret afterwards and paste the token."
            : endpoint.Format == EndpointFormat.Twilio ? " Rotate the secret afterwards: the Twilio auth token is not a fitting secret." : "";
        var confirmed = await Dialogs.ShowMessageBoxAsync("Change format?",
            $"'{endpoint.Name}' will accept only {CreateEndpointDialog.FormatLabel(format)} deliveries from now on.{note}", yesText: "Change", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }
        await RequireAdmin(() => Endpoints.SetFormatAsync(_user.WorkspaceId, _user.Actor, endpoint.Id, format));
        _testResults.Remove(endpoint.Id);
        await LoadAsync();
        Snackbar.Add($"'{endpoint.Name}' now accepts {CreateEndpointDialog.FormatLabel(format)} deliveries.", Severity.Success);
    });

    private Task SetKeepRepeatsAsync(EndpointSummary endpoint, bool keep) => RunAsync(async () =>
    {
        await RequireAdmin(() => Endpoints.SetKeepRepeatedTextsAsync(_user.WorkspaceId, _user.Actor, endpoint.Id, keep));
        await LoadAsync();
        Snackbar.Add(keep ? $"'{endpoint.Name}' keeps every repeat of a text." : $"'{endpoint.Name}' drops repeats of a text within seconds.", Severity.Success);
    });

    private Task ToggleEnabledAsync(EndpointSummary endpoint) => RunAsync(async () =>
    {
        if (endpoint.Enabled)
        {
            var confirmed = await Dialogs.ShowMessageBoxAsync("Disable endpoint?",
                $"Deliveries to '{endpoint.Name}' will be refused (404) until you enable it again.", yesText: "Disable", cancelText: "Cancel");
            if (confirmed != true)
            {
                return;
            }
        }
        await RequireAdmin(() => Endpoints.SetEnabledAsync(_user.WorkspaceId, _user.Actor, endpoint.Id, !endpoint.Enabled));
        await LoadAsync();
        Snackbar.Add(endpoint.Enabled ? $"'{endpoint.Name}' disabled." : $"'{endpoint.Name}' enabled.", Severity.Success);
    });

    private Task DeleteAsync(EndpointSummary endpoint) => RunAsync(async () =>
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete endpoint?",
            $"'{endpoint.Name}' and its secrets are deleted and its URL stops working. Messages already received are kept.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }
        await RequireAdmin(() => Endpoints.DeleteAsync(_user.WorkspaceId, _user.Actor, endpoint.Id));
        _testResults.Remove(endpoint.Id);
        await LoadAsync();
        Snackbar.Add($"'{endpoint.Name}' deleted.", Severity.Success);
    });

    private Task SendTestAsync(EndpointSummary endpoint) => RunAsync(async () =>
    {
        _sending.Add(endpoint.Id);
        try
        {
            _testResults[endpoint.Id] = await RequireAdmin(() => TestDelivery.SendAsync(_user.WorkspaceId, _user.Actor, endpoint.Id, Navigation.BaseUri));
        }
        finally
        {
            _sending.Remove(endpoint.Id);
        }
    });

    private async Task CopyUrlAsync(EndpointSummary endpoint)
    {
        var copied = await Clipboard.CopyAsync(HookUrl(endpoint));
        Snackbar.Add(copied ? "URL copied." : "Your browser did not allow copying: select the URL and copy it yourself.",
            copied ? Severity.Success : Severity.Warning);
    }

    private async Task ShowSecretAsync(string title, string url, string secret, string? message, IReadOnlyList<DateTimeOffset>? previous)
    {
        var parameters = new DialogParameters<EndpointSecretDialog>
        {
            { d => d.Url, url },
            { d => d.Secret, secret },
            { d => d.Message, message },
            { d => d.PreviousSecretsValidUntil, previous },
        };
        var dialog = await Dialogs.ShowAsync<EndpointSecretDialog>(title, parameters, DialogOptions with { BackdropClick = false });
        await dialog.Result;
    }

    private Task<T> RequireAdmin<T>(Func<Task<T>> action) =>
        _user.IsAdmin ? action() : throw new UserInputException("Only Owners and Admins can manage endpoints.");

    private Task RequireAdmin(Func<Task> action) =>
        _user.IsAdmin ? action() : throw new UserInputException("Only Owners and Admins can manage endpoints.");

    private async Task RunAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (UserInputException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    private static readonly DialogOptions DialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
}
