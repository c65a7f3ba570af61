using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Endpoints.Pages;
using SmsPortal.Team;

namespace SmsPortal.EventWebhooks.Pages;

/// <summary>The workspace's event webhooks: create, edit, enable, delete, the secret revealed or rotated; each opens its attempt log.</summary>
public partial class EventWebhooksPage
{
    private static readonly DialogOptions DialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    private PortalUser _user = default!;
    private IReadOnlyList<EventWebhookOverview>? _webhooks;
    private DateTimeDisplay _display = DateTimeDisplay.Utc;

    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private EventWebhookService Webhooks { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private SmsPortal.Settings.WorkspaceClock Clock { get; set; } = default!;

    /// <summary>False while prerendered: buttons wait for the circuit, so an early click is not lost.</summary>
    private bool Ready => RendererInfo.IsInteractive;

    private DateTimeOffset Now => Time.GetUtcNow();

    protected override async Task OnInitializedAsync()
    {
        _user = await CurrentUser.GetAsync();
        _display = await Clock.DisplayAsync(_user);
        await LoadAsync();
    }

    private async Task LoadAsync() => _webhooks = _user.IsAdmin ? await Webhooks.OverviewAsync(_user.WorkspaceId, _user.Actor) : [];

    internal static string StatusText(EventWebhookOverview webhook) =>
        webhook.Subscription.Enabled ? "Enabled" : webhook.AutoDisabled ? "Auto-disabled" : "Disabled";

    private static Color StatusColor(EventWebhookOverview webhook) =>
        webhook.Subscription.Enabled ? Color.Success : webhook.AutoDisabled ? Color.Error : Color.Default;

    private string Health(EventWebhookOverview webhook) =>
        (webhook.Subscription.FailureStreak, webhook.FailingSince) switch
        {
            (0, _) => webhook.Failed == 0 ? "No failures." : $"Healthy now; {webhook.Failed} earlier delivery(ies) gave up: replay them from the attempt log.",
            (var streak, { } since) => $"Failing: {streak} failed attempt(s) in a row since {_display.DateAndTime(since)}; {webhook.Pending} delivery(ies) waiting.",
            (var streak, null) => $"Failing: {streak} failed attempt(s) in a row.",
        };

    private string LastDelivery(EventWebhookOverview webhook) => webhook.Last switch
    {
        null => "No delivery attempted yet.",
        { Succeeded: true } last => $"Last attempt {_display.DateAndTime(last.At)}: accepted (HTTP {last.StatusCode}).",
        { StatusCode: { } status } last => $"Last attempt {_display.DateAndTime(last.At)}: failed (HTTP {status}).",
        var last => $"Last attempt {_display.DateAndTime(last.At)}: failed (no answer).",
    };

    private async Task NewAsync()
    {
        var created = await ShowFormAsync("New event webhook", null, async form =>
            await Webhooks.CreateAsync(_user.WorkspaceId, _user.Actor, form.Url, form.Events, form.Description));
        if (created is CreatedEventSubscription webhook)
        {
            await LoadAsync();
            StateHasChanged();
            await ShowSecretAsync("Event webhook created", webhook.Subscription.Url, webhook.Secret,
                "Verify every delivery with this secret (Standard Webhooks). Admins can reveal it again here; rotating it keeps the old one valid for a while.", null);
        }
    }

    private async Task EditAsync(EventSubscriptionSummary webhook)
    {
        if (await ShowFormAsync("Edit event webhook", webhook, async form =>
            await Webhooks.UpdateAsync(_user.WorkspaceId, _user.Actor, webhook.Id, form.Url, form.Events, form.Description)) is not null)
        {
            await LoadAsync();
            Snackbar.Add("Event webhook saved.", Severity.Success);
        }
    }

    private async Task<object?> ShowFormAsync(string title, EventSubscriptionSummary? initial, Func<EventWebhookForm, Task<object>> save)
    {
        var parameters = new DialogParameters<EventWebhookDialog> { { d => d.Initial, initial }, { d => d.OnSave, save } };
        var dialog = await Dialogs.ShowAsync<EventWebhookDialog>(title, parameters, DialogOptions);
        return await dialog.Result is { Canceled: false, Data: { } data } ? data : null;
    }

    private Task RevealAsync(EventSubscriptionSummary webhook) => RunAsync(async () =>
    {
        if (await Dialogs.ShowMessageBoxAsync("Reveal secret?", $"The signing secret of {webhook.Url} will be shown. This is recorded in the audit log.",
                yesText: "Reveal", cancelText: "Cancel") != true)
        {
            return;
        }
        var secret = await Webhooks.RevealSecretAsync(_user.WorkspaceId, _user.Actor, webhook.Id);
        await ShowSecretAsync("Signing secret", webhook.Url, secret, null, webhook.PreviousSecretExpiresAt);
    });

    private Task RotateAsync(EventSubscriptionSummary webhook) => RunAsync(async () =>
    {
        var dialog = await Dialogs.ShowAsync<RotateSecretDialog>("Rotate the signing secret", new DialogParameters<RotateSecretDialog>(), DialogOptions);
        if (await dialog.Result is not { Canceled: false, Data: SecretRotationRequest request })
        {
            return;
        }
        var secret = await Webhooks.RotateSecretAsync(_user.WorkspaceId, _user.Actor, webhook.Id, request.Grace);
        await LoadAsync();
        StateHasChanged();
        await ShowSecretAsync("New signing secret", webhook.Url, secret,
            request.Grace > TimeSpan.Zero
                ? "Deliveries carry a signature with each secret until the grace period ends: update your receiver within it."
                : "The previous secret no longer signs anything: update your receiver now.",
            request.Grace > TimeSpan.Zero ? Now + request.Grace : null);
    });

    private Task ToggleEnabledAsync(EventSubscriptionSummary webhook) => RunAsync(async () =>
    {
        await Webhooks.SetEnabledAsync(_user.WorkspaceId, _user.Actor, webhook.Id, !webhook.Enabled);
        await LoadAsync();
        Snackbar.Add(webhook.Enabled ? "Disabled: events wait until you enable it again." : "Enabled: waiting deliveries go out now.", Severity.Success);
    });

    private Task DeleteAsync(EventSubscriptionSummary webhook) => RunAsync(async () =>
    {
        if (await Dialogs.ShowMessageBoxAsync("Delete event webhook?", $"{webhook.Url} stops receiving events, and its attempt log is deleted.",
                yesText: "Delete", cancelText: "Cancel") != true)
        {
            return;
        }
        await Webhooks.DeleteAsync(_user.WorkspaceId, _user.Actor, webhook.Id);
        await LoadAsync();
        Snackbar.Add("Event webhook deleted.", Severity.Success);
    });

    private async Task ShowSecretAsync(string title, string url, string secret, string? message, DateTimeOffset? previousUntil)
    {
        var parameters = new DialogParameters<EndpointSecretDialog>
        {
            { d => d.Url, url },
            { d => d.UrlLabel, "Receiver URL" },
            { d => d.Secret, secret },
            { d => d.Message, message },
            { d => d.PreviousSecretsValidUntil, previousUntil is { } until ? [until] : null },
        };
        var dialog = await Dialogs.ShowAsync<EndpointSecretDialog>(title, parameters, DialogOptions with { BackdropClick = false });
        await dialog.Result;
    }

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
}
