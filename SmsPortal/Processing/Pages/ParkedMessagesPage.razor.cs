using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Team;

namespace SmsPortal.Processing.Pages;

public partial class ParkedMessagesPage
{
    private PortalUser _user = default!;
    private MudTable<ParkedMessage> _table = default!;
    private bool _busy;

    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private ParkedMessages Parked { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync() => _user = await CurrentUser.GetAsync();

    private async Task<TableData<ParkedMessage>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Parked.ListAsync(_user.WorkspaceId, state.Page, state.PageSize, cancellationToken);
        return new TableData<ParkedMessage> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private async Task ActAsync(ParkedMessage message, bool retry)
    {
        if (!retry && await Dialogs.ShowMessageBoxAsync("Discard message",
                $"Discard the message from {message.From}? Its rules will never run; it stays in the records as discarded.",
                yesText: "Discard", cancelText: "Cancel") != true)
        {
            return;
        }
        _busy = true;
        try
        {
            if (retry)
            {
                await Parked.RetryAsync(_user.WorkspaceId, _user.Actor, message.Id);
                Snackbar.Add($"The message from {message.From} is being processed again.", Severity.Success);
            }
            else
            {
                await Parked.DiscardAsync(_user.WorkspaceId, _user.Actor, message.Id);
                Snackbar.Add($"The message from {message.From} was discarded.", Severity.Info);
            }
        }
        catch (UserInputException ex)
        {
            Snackbar.Add(ex.Message, Severity.Warning);
        }
        finally
        {
            _busy = false;
        }
        await _table.ReloadServerData();
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
