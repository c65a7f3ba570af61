using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Inbox;
using SmsPortal.Team;
using SmsPortal.Tickets;

namespace SmsPortal.Inbox.Pages;

/// <summary>Who the conversation is with, and what a member can change about them.</summary>
public partial class ContactPanel
{
    [Inject] private ContactService Contacts { get; set; } = null!;
    [Inject] private InboxService InboxService { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;

    [Parameter, EditorRequired] public ContactDetails Details { get; set; } = null!;

    /// <summary>Raised after a change, so the page reloads what it shows.</summary>
    [Parameter] public EventCallback Changed { get; set; }

    private Guid _shownId;
    private string? _name;
    private string? _nameError;
    private string? _newTag;
    private string? _tagError;

    protected override void OnParametersSet()
    {
        if (Details.Id != _shownId)
        {
            _shownId = Details.Id;
            _name = Details.Name;
            _newTag = null;
            _nameError = null;
            _tagError = null;
        }
    }

    private async Task RenameAsync()
    {
        var user = await CurrentUser.GetAsync();
        if (await RunAsync(() => Contacts.RenameAsync(user.WorkspaceId, Details.Id, _name), error => _nameError = error))
        {
            Snackbar.Add("Name saved.", Severity.Success);
        }
    }

    private async Task AddTagAsync()
    {
        var user = await CurrentUser.GetAsync();
        if (await RunAsync(() => Contacts.AddTagAsync(user.WorkspaceId, Details.Id, _newTag ?? ""), error => _tagError = error))
        {
            _newTag = null;
        }
    }

    private async Task RemoveTagAsync(string tag)
    {
        var user = await CurrentUser.GetAsync();
        await RunAsync(() => Contacts.RemoveTagAsync(user.WorkspaceId, Details.Id, tag), null);
    }

    private async Task SetOptOutAsync(bool optedOut)
    {
        if (!optedOut)
        {
            // Messaging someone who asked to stop is what opt-out exists to prevent: make opting back in deliberate.
            var confirmed = await Dialogs.ShowMessageBoxAsync("Opt back in?",
                $"Only opt {Details.Number} back in if they asked for it. Replies and auto-replies will be sent to them again.",
                yesText: "Opt in", cancelText: "Cancel");
            if (confirmed != true)
            {
                return;
            }
        }
        var user = await CurrentUser.GetAsync();
        if (await RunAsync(() => Contacts.SetOptOutAsync(user.WorkspaceId, user.Actor, Details.Id, optedOut), null))
        {
            Snackbar.Add(optedOut ? $"{Details.Number} is opted out." : $"{Details.Number} is opted back in.", Severity.Success);
        }
    }

    private async Task SetTicketAsync(TicketSummary ticket, TicketStatus status)
    {
        var user = await CurrentUser.GetAsync();
        await RunAsync(() => InboxService.SetTicketStatusAsync(user.WorkspaceId, ticket.Id, status), null);
    }

    /// <summary>Runs a change; a user error goes to the field (or a snackbar), and the page reloads after success.</summary>
    private async Task<bool> RunAsync(Func<Task> change, Action<string?>? showError)
    {
        try
        {
            await change();
            showError?.Invoke(null);
        }
        catch (UserInputException ex)
        {
            if (showError is null)
            {
                Snackbar.Add(ex.Message, Severity.Error);
            }
            else
            {
                showError(ex.Message);
            }
            return false;
        }
        await Changed.InvokeAsync();
        return true;
    }
}
