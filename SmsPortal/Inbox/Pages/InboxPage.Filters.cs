using SmsPortal.Contacts;
using Microsoft.JSInterop;
using SmsPortal.Search;

namespace SmsPortal.Inbox.Pages;

/// <summary>The conversation list's filters and views.</summary>
public partial class InboxPage
{
    private async Task FilterChangedAsync(string? _)
    {
        _pageNumber = 1;
        await LoadListAsync();
    }

    /// <summary>Searches all history; an empty box shows the conversation list again.</summary>
    private async Task SearchChangedAsync(string? text)
    {
        _search = text;
        _hits = string.IsNullOrWhiteSpace(text) ? null : await Search.SearchAsync(_user.WorkspaceId, _user.Actor, text);
    }

    private Task TagChangedAsync(string? tag)
    {
        _tag = tag;
        return FilterChangedAsync(null);
    }

    private Task OptedOutChangedAsync(string value)
    {
        _optedOut = value;
        return FilterChangedAsync(null);
    }

    private Task TicketChangedAsync(string value)
    {
        _ticket = value;
        return FilterChangedAsync(null);
    }

    private Task UnreadChangedAsync(bool value)
    {
        _unreadOnly = value;
        return FilterChangedAsync(null);
    }

    private async Task PageChangedAsync(int page)
    {
        _pageNumber = page;
        await LoadListAsync();
    }

    private Task ViewChangedAsync(ConversationView view)
    {
        _view = view;
        return FilterChangedAsync(null);
    }

    private async Task AwayChangedAsync(bool away)
    {
        await Conversations.SetAwayAsync(_user.WorkspaceId, _user.Actor, away);
        _away = away;
    }

    /// <summary>Assigns me the conversation that has waited longest and opens it.</summary>
    private async Task TakeNextAsync()
    {
        if (await Conversations.TakeNextAsync(_user.WorkspaceId, _user.Actor) is { } next)
        {
            Navigation.NavigateTo($"inbox/{next}");
        }
        else
        {
            Snackbar.Add("No conversation is waiting.", MudBlazor.Severity.Info);
        }
    }

    /// <summary>What each key of <see cref="KeyboardShortcuts"/> does here.</summary>
    private async Task KeyAsync(string key)
    {
        switch (key)
        {
            case "j" or "k":
                var items = _page.Items;
                var index = items.ToList().FindIndex(c => c.Id == ContactId);
                var next = key == "j" ? index + 1 : (index < 0 ? 0 : index - 1);
                if (next >= 0 && next < items.Count)
                {
                    Navigation.NavigateTo($"inbox/{items[next].Id}");
                }
                break;
            case "r" or "n" when _replyBox is not null:
                await _replyBox.FocusAsync(note: key == "n");
                break;
            case "e" when _bar is not null:
                await _bar.SetStatusAsync(ConversationStatus.Closed);
                break;
            case "a" when _bar is not null:
                await _bar.AssignToMeAsync();
                break;
            case "/":
                await JS.InvokeVoidAsync("smsPortal.focus", "[data-testid=search] input");
                break;
        }
    }
}
