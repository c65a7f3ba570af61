using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Common;

namespace SmsPortal.EventWebhooks.Pages;

/// <summary>What an Admin typed for a webhook: where, which events, and a note.</summary>
public sealed record EventWebhookForm(string Url, IReadOnlyList<string> Events, string? Description);

/// <summary>Creates or edits a webhook; the page saves it, so a refused URL shows here and the dialog stays open.</summary>
public partial class EventWebhookDialog
{
    private string _url = "";
    private string? _description;
    private HashSet<string> _events = [EventTypes.MessageReceived];
    private string? _error;
    private bool _busy;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>The webhook being edited; null for a new one.</summary>
    [Parameter]
    public EventSubscriptionSummary? Initial { get; set; }

    /// <summary>Saves the form; a <see cref="UserInputException"/> is shown to the user. The result closes the dialog.</summary>
    [Parameter, EditorRequired]
    public Func<EventWebhookForm, Task<object>> OnSave { get; set; } = default!;

    protected override void OnInitialized()
    {
        if (Initial is { } webhook)
        {
            (_url, _description, _events) = (webhook.Url, webhook.Description, [.. webhook.Events]);
        }
    }

    private async Task SaveAsync()
    {
        (_busy, _error) = (true, null);
        try
        {
            Dialog.Close(DialogResult.Ok(await OnSave(new EventWebhookForm(_url, [.. _events], _description))));
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
