using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Inbox;
using SmsPortal.Live;
using SmsPortal.Outbound;
using SmsPortal.Processing;
using SmsPortal.Settings;
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
    [Inject] private WorkspaceClock Clock { get; set; } = null!;
    [Inject] private ConversationService Conversations { get; set; } = null!;
    [Inject] private TeamService Team { get; set; } = null!;
    [Inject] private SmsPortal.Search.SearchService Search { get; set; } = null!;
    [Inject] private IJSRuntime JS { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private MudBlazor.ISnackbar Snackbar { get; set; } = null!;

    [Parameter] public Guid? ContactId { get; set; }

    /// <summary><c>?view=mine|unassigned|open|snoozed|closed</c>; all open by default.</summary>
    [SupplyParameterFromQuery(Name = "view")] public string? ViewName { get; set; }

    /// <summary><c>?at=</c> a message or note id: the thread opens with it outlined (a search result's link).</summary>
    [SupplyParameterFromQuery(Name = "at")] public string? At { get; set; }

    private ReplyBox? _replyBox;

    private PortalUser _user = null!;
    private DateTimeDisplay _display = DateTimeDisplay.Utc;
    private IDisposable? _subscription;

    private string? _search;
    private string? _tag;
    private string _optedOut = "any";
    private string _ticket = "any";
    private bool _unreadOnly;
    private ConversationView _view = ConversationView.Open;
    private ConversationCounts? _counts;
    private IReadOnlyList<TeamMember> _members = [];
    private IReadOnlyList<SmsPortal.Search.SearchHit>? _hits;
    private string? _loadedAt;
    private bool _scrollToAt;
    private bool _away;
    private KeyboardShortcuts? _keys;
    private ConversationBar? _bar;
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

    private bool HasFilters => _tag is not null || _optedOut != "any" || _ticket != "any" || _unreadOnly;

    protected override async Task OnInitializedAsync()
    {
        _user = await CurrentUser.GetAsync();
        _display = await Clock.DisplayAsync(_user);
        _subscription = Live.Subscribe(_user.WorkspaceId, update => InvokeAsync(() => OnLiveUpdateAsync(update)));
        _tags = await Contacts.ListTagsAsync(_user.WorkspaceId);
        _members = await Team.MembersAsync(_user.WorkspaceId);
        _away = await Conversations.IsAwayAsync(_user.WorkspaceId, _user.Actor);
        if (Enum.TryParse<ConversationView>(ViewName, ignoreCase: true, out var view) && view != ConversationView.All)
        {
            _view = view;
        }
        await LoadListAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        if (ContactId == _loadedContactId)
        {
            await OpenAtAsync();
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
            _details = await VisibleDetailsAsync(contactId);
            if (_details is not null)
            {
                var thread = await InboxService.GetThreadAsync(_user.WorkspaceId, _user.Actor, contactId, take: ThreadPageSize);
                _messages = [.. thread.Messages];
                _hasOlder = thread.HasOlder;
                await InboxService.MarkReadAsync(_user.WorkspaceId, contactId);
                await OpenAtAsync();
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
                Tag = _tag,
                UnreadOnly = _unreadOnly,
                OptedOut = _optedOut switch { "yes" => true, "no" => false, _ => null },
                OpenTicket = _ticket switch { "open" => true, "none" => false, _ => null },
                View = _view,
                Page = _pageNumber,
                PageSize = PageSize,
            };
            _page = await InboxService.ListConversationsAsync(_user.WorkspaceId, _user.Actor, query);
            if (_page.Items.Count == 0 && _pageNumber > 1 && _page.Total > 0)
            {
                // The list shrank under us (filters, or conversations changed): show its last page.
                _pageNumber = (_page.Total + PageSize - 1) / PageSize;
                _page = await InboxService.ListConversationsAsync(_user.WorkspaceId, _user.Actor, query with { Page = _pageNumber });
            }
            _counts = await Conversations.CountsAsync(_user.WorkspaceId, _user.Actor);
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
                    _details = await VisibleDetailsAsync(contactId);
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

    private async Task ReplySentAsync()
    {
        if (ContactId is { } contactId)
        {
            await RefreshThreadAsync(contactId);
        }
    }

    /// <summary>The contact, or null when it does not exist or this member may no longer see it (reassigned away from an Agent).</summary>
    private async Task<ContactDetails?> VisibleDetailsAsync(Guid contactId) =>
        await InboxService.IsVisibleAsync(_user.WorkspaceId, _user.Actor, contactId) ? await Contacts.GetAsync(_user.WorkspaceId, contactId) : null;

    private async Task ContactChangedAsync()
    {
        if (ContactId is { } contactId)
        {
            _details = await VisibleDetailsAsync(contactId);
            await RefreshThreadAsync(contactId);
        }
        _tags = await Contacts.ListTagsAsync(_user.WorkspaceId);
        _members = await Team.MembersAsync(_user.WorkspaceId);
        _away = await Conversations.IsAwayAsync(_user.WorkspaceId, _user.Actor);
        if (Enum.TryParse<ConversationView>(ViewName, ignoreCase: true, out var view) && view != ConversationView.All)
        {
            _view = view;
        }
        await LoadListAsync();
    }

    public void Dispose() => _subscription?.Dispose();
}
