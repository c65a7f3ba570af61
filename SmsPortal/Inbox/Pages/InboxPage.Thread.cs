using Microsoft.JSInterop;

namespace SmsPortal.Inbox.Pages;

/// <summary>The open thread: newer messages merged in, older pages on demand, and opening at a search result.</summary>
public partial class InboxPage
{
    /// <summary>Loads older pages until the item a search result points at is shown (at most 20), then scrolls to it.</summary>
    private async Task OpenAtAsync()
    {
        if (At is null || At == _loadedAt)
        {
            return;
        }
        _loadedAt = At;
        for (var pages = 0; pages < 20 && _hasOlder && _messages.All(m => m.Id != At); pages++)
        {
            await LoadOlderAsync();
        }
        _scrollToAt = true;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_scrollToAt && At is not null)
        {
            _scrollToAt = false;
            await JS.InvokeVoidAsync("smsPortal.scrollTo", $"item-{At}");
        }
    }

    /// <summary>Fetches the newest page and merges it into what is shown, keeping older pages the user loaded.</summary>
    private async Task RefreshThreadAsync(Guid contactId)
    {
        var thread = await InboxService.GetThreadAsync(_user.WorkspaceId, _user.Actor, contactId, take: ThreadPageSize);
        if (ContactId != contactId)
        {
            return;
        }
        var byId = _messages.ToDictionary(m => m.Id);
        foreach (var message in thread.Messages)
        {
            byId[message.Id] = message;
        }
        _messages = [.. byId.Values.OrderBy(m => m.At).ThenBy(m => m.Id, StringComparer.Ordinal)];
        if (!_loadedOlder)
        {
            _hasOlder = thread.HasOlder;
        }
    }

    private async Task LoadOlderAsync()
    {
        if (ContactId is not { } contactId || _messages.Count == 0)
        {
            return;
        }
        var thread = await InboxService.GetThreadAsync(_user.WorkspaceId, _user.Actor, contactId, before: _messages[0].At, take: ThreadPageSize);
        var known = _messages.Select(m => m.Id).ToHashSet();
        _messages = [.. thread.Messages.Where(m => !known.Contains(m.Id)), .. _messages];
        _hasOlder = thread.HasOlder;
        _loadedOlder = true;
    }
}
