using SmsPortal.Contacts;

namespace SmsPortal.Inbox.Pages;

/// <summary>The conversation list's filters and views.</summary>
public partial class InboxPage
{
    private async Task FilterChangedAsync(string? _)
    {
        _pageNumber = 1;
        await LoadListAsync();
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
}
