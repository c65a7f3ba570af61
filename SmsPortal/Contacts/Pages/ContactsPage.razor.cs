using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Settings;
using SmsPortal.Team;

namespace SmsPortal.Contacts.Pages;

public partial class ContactsPage
{
    [Inject] private ContactService ContactService { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private WorkspaceClock Clock { get; set; } = null!;

    private MudTable<ContactSummary>? _table;
    private IReadOnlyList<string> _tags = [];
    private string? _search;
    private string? _tag;
    private string _optedOut = "any";
    private bool _hasFilters;
    private DateTimeDisplay _display = DateTimeDisplay.Utc;

    private bool? OptedOut => _optedOut switch { "yes" => true, "no" => false, _ => null };

    /// <summary>The export takes the same filters as the list, so what you see is what you download.</summary>
    private string ExportUrl
    {
        get
        {
            var query = new List<string>();
            if (!string.IsNullOrWhiteSpace(_search))
            {
                query.Add("search=" + Uri.EscapeDataString(_search.Trim()));
            }
            if (_tag is not null)
            {
                query.Add("tag=" + Uri.EscapeDataString(_tag));
            }
            if (OptedOut is { } optedOut)
            {
                query.Add("optedOut=" + (optedOut ? "true" : "false"));
            }
            return query.Count == 0 ? "contacts/export.csv" : "contacts/export.csv?" + string.Join('&', query);
        }
    }

    protected override async Task OnInitializedAsync()
    {
        var user = await CurrentUser.GetAsync();
        _display = await Clock.DisplayAsync(user);
        _canExport = user.IsAdmin;
        _tags = await ContactService.ListTagsAsync(user.WorkspaceId);
    }

    /// <summary>The CSV export is for Owners and Admins (checked again, in the database, when it is downloaded).</summary>
    private bool _canExport;

    private async Task<TableData<ContactSummary>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var user = await CurrentUser.GetAsync();
        var query = new ContactQuery
        {
            Search = _search,
            Tag = _tag,
            OptedOut = OptedOut,
            Sort = state.SortLabel switch { "Number" => ContactSort.Number, "Name" => ContactSort.Name, _ => ContactSort.LastMessage },
            Descending = state.SortDirection switch
            {
                SortDirection.Ascending => false,
                SortDirection.Descending => true,
                _ => state.SortLabel is null or "LastMessage",
            },
            Page = state.Page + 1,
            PageSize = state.PageSize,
        };
        _hasFilters = !string.IsNullOrWhiteSpace(_search) || _tag is not null || OptedOut is not null;
        var page = await ContactService.ListAsync(user.WorkspaceId, user.Actor, query, cancellationToken);
        return new TableData<ContactSummary> { Items = page.Items, TotalItems = page.Total };
    }

    private Task ReloadAsync(string? _) => _table?.ReloadServerData() ?? Task.CompletedTask;

    private Task TagChangedAsync(string? tag)
    {
        _tag = tag;
        return ReloadAsync(null);
    }

    private Task OptedOutChangedAsync(string value)
    {
        _optedOut = value;
        return ReloadAsync(null);
    }

    private string ConversationTime(ContactSummary contact) => _display.DateAndTime(contact.LastMessageAt);
}
