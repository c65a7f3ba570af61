using Microsoft.AspNetCore.Components;
using SmsPortal.Contacts;
using SmsPortal.Inbox;
using SmsPortal.Live;
using SmsPortal.Outbound;
using SmsPortal.Processing;
using SmsPortal.Team;

namespace SmsPortal.Inbox.Pages;

public partial class InboxPage : IDisposable
{
    private const int PageSize = 25;
    private const int ThreadPageSize = 50;

    [Inject] private InboxService InboxService { get; set; } = null!;
    [Inject] private ContactService Contacts { get; set; } = null!;
    [Inject] private LiveUpdates Live { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;

    [Parameter] public Guid? ContactId { get; set; }

    private PortalUser _user = null!;
    private IDisposable? _subscription;

    private string? _search;
    private string? _tag;
    private string _optedOut = "any";
    private string _ticket = "any";
    private bool _unreadOnly;
    private int _pageNumber = 1;
    private ContactPage _page = new([], 0);
    private IReadOnlyList<string> _tags = [];
    private bool _loadingList = true;

    private Guid? _loadedContactId;
    private ContactDetails? _details;
    private List<ThreadMessage> _messages = [];
    private bool _hasOlder;
    private bool _loadedOlder;
    private bool _loadingThread;

    private bool _refreshing;
    private bool _refreshAgain;

    private bool HasFilters => !string.IsNullOrWhiteSpace(_search) || _tag is not null || _optedOut != "any" || _ticket != "any" || _unreadOnly;

    protected override async Task OnInitializedAsync()
    {
        _user = await CurrentUser.GetAsync();
        _subscription = Live.Subscribe(_user.WorkspaceId, update => InvokeAsync(() => OnLiveUpdateAsync(update)));
        _tags = await Contacts.ListTagsAsync(_user.WorkspaceId);
        await LoadListAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        if (ContactId == _loadedContactId)
        {
            return;
        }
        _loadedContactId = ContactId;
        _details = null;
        _messages = [];
        _hasOlder = false;
        _loadedOlder = false;
        if (ContactId is not { } contactId)
        {
            return;
        }
        _loadingThread = true;
        try
        {
            _details = await Contacts.GetAsync(_user.WorkspaceId, contactId);
            if (_details is not null)
            {
                var thread = await InboxService.GetThreadAsync(_user.WorkspaceId, contactId, take: ThreadPageSize);
                _messages = [.. thread.Messages];
                _hasOlder = thread.HasOlder;
                await InboxService.MarkReadAsync(_user.WorkspaceId, contactId);
            }
        }
        finally
        {
            _loadingThread = false;
        }
    }

    private async Task LoadListAsync()
    {
        _loadingList = true;
        try
        {
            var query = new ContactQuery
            {
                Search = _search,
                Tag = _tag,
                UnreadOnly = _unreadOnly,
                OptedOut = _optedOut switch { "yes" => true, "no" => false, _ => null },
                OpenTicket = _ticket switch { "open" => true, "none" => false, _ => null },
                Page = _pageNumber,
                PageSize = PageSize,
            };
            _page = await InboxService.ListConversationsAsync(_user.WorkspaceId, query);
            if (_page.Items.Count == 0 && _pageNumber > 1 && _page.Total > 0)
            {
                // The list shrank under us (filters, or conversations changed): show its last page.
                _pageNumber = (_page.Total + PageSize - 1) / PageSize;
                _page = await InboxService.ListConversationsAsync(_user.WorkspaceId, query with { Page = _pageNumber });
            }
        }
        finally
        {
            _loadingList = false;
        }
    }

    private async Task OnLiveUpdateAsync(LiveUpdate update)
    {
        if (update.Kind is not (LiveUpdateKind.MessageReceived or LiveUpdateKind.OutboundQueued or LiveUpdateKind.OutboundStatusChanged or LiveUpdateKind.ContactChanged))
        {
            return;
        }
        // Updates come in bursts (a message, its auto-reply, its status): one refresh at a time, and one more
        // after it if anything arrived meanwhile.
        if (_refreshing)
        {
            _refreshAgain = true;
            return;
        }
        _refreshing = true;
        try
        {
            do
            {
                _refreshAgain = false;
                await LoadListAsync();
                if (ContactId is { } contactId && _details is not null)
                {
                    await RefreshThreadAsync(contactId);
                    _details = await Contacts.GetAsync(_user.WorkspaceId, contactId) ?? _details;
                    if (update.Kind == LiveUpdateKind.MessageReceived && update.ContactId == contactId)
                    {
                        await InboxService.MarkReadAsync(_user.WorkspaceId, contactId);
                    }
                }
            }
            while (_refreshAgain);
        }
        finally
        {
            _refreshing = false;
        }
        StateHasChanged();
    }

    /// <summary>Fetches the newest page and merges it into what is shown, keeping older pages the user loaded.</summary>
    private async Task RefreshThreadAsync(Guid contactId)
    {
        var thread = await InboxService.GetThreadAsync(_user.WorkspaceId, contactId, take: ThreadPageSize);
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
        var thread = await InboxService.GetThreadAsync(_user.WorkspaceId, contactId, before: _messages[0].At, take: ThreadPageSize);
        var known = _messages.Select(m => m.Id).ToHashSet();
        _messages = [.. thread.Messages.Where(m => !known.Contains(m.Id)), .. _messages];
        _hasOlder = thread.HasOlder;
        _loadedOlder = true;
    }

    private async Task ReplySentAsync()
    {
        if (ContactId is { } contactId)
        {
            await RefreshThreadAsync(contactId);
        }
    }

    private async Task ContactChangedAsync()
    {
        if (ContactId is { } contactId)
        {
            _details = await Contacts.GetAsync(_user.WorkspaceId, contactId) ?? _details;
        }
        _tags = await Contacts.ListTagsAsync(_user.WorkspaceId);
        await LoadListAsync();
    }

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

    private static string Time(DateTimeOffset at)
    {
        var local = at.ToLocalTime();
        return local.Date == DateTimeOffset.Now.Date ? local.ToString("HH:mm") : local.ToString("d MMM HH:mm");
    }

    private static string BubbleStyle(ThreadMessage message) =>
        "max-width: 85%; border-radius: 12px; " + (message.Direction == MessageDirection.Inbound
            ? "background: var(--mud-palette-background-gray);"
            : "background: color-mix(in srgb, var(--mud-palette-primary) 14%, var(--mud-palette-surface));");

    private static string StatusStyle(OutboundStatus? status) => status switch
    {
        OutboundStatus.Failed => "color: var(--mud-palette-error); font-weight: 600;",
        OutboundStatus.Delivered => "color: var(--mud-palette-success-darken); font-weight: 600;",
        _ => "font-weight: 600;",
    };

    private static string OriginText(ThreadMessage message) => message.Origin switch
    {
        OutboundOrigin.AutoReply => "Auto-reply",
        OutboundOrigin.Compliance => "Compliance reply",
        _ => message.SentBy is { Length: > 0 } by ? $"Sent by {by}" : "Manual reply",
    };

    private static string ActionText(FiredAction action) => action.Outcome switch
    {
        ActionOutcome.Done => action.Action,
        ActionOutcome.Skipped => $"{action.Action} (skipped{(action.Detail is { Length: > 0 } d ? ": " + d : "")})",
        _ => $"{action.Action} (failed{(action.Detail is { Length: > 0 } d ? ": " + d : "")})",
    };

    public void Dispose() => _subscription?.Dispose();
}
