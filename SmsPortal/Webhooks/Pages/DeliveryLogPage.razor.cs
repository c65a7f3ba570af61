using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Endpoints;
using SmsPortal.Team;
using SmsPortal.Webhooks;

namespace SmsPortal.Webhooks.Pages;

public enum StatusRange
{
    Any,
    Success,
    ClientError,
    ServerError,
}

public enum TimeRange
{
    LastHour,
    LastDay,
    LastWeek,
    Any,
    Custom,
}

public partial class DeliveryLogPage
{
    private PortalUser _user = default!;
    private MudTable<DeliveryLogRow> _table = default!;
    private IReadOnlyList<EndpointSummary> _endpoints = [];
    private string? _endpointId;
    private DeliveryOutcome? _outcome;
    private StatusRange _status;
    private TimeRange _time = TimeRange.LastDay;
    private DateRange? _dates;
    private string? _search;

    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private DeliveryLogQueries Deliveries { get; set; } = default!;
    [Inject] private EndpointService Endpoints { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private SmsPortal.Settings.WorkspaceClock Clock { get; set; } = default!;

    private SmsPortal.Common.DateTimeDisplay _display = SmsPortal.Common.DateTimeDisplay.Utc;

    /// <summary>Opened from an endpoint's card: <c>/deliveries?endpoint=ep_…</c>.</summary>
    [SupplyParameterFromQuery(Name = "endpoint")]
    public string? EndpointQuery { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _user = await CurrentUser.GetAsync();
        _display = await Clock.DisplayAsync(_user);
        _endpointId = EndpointQuery;
        if (_user.IsAdmin)
        {
            _endpoints = await Endpoints.ListAsync(_user.WorkspaceId);
        }
    }

    private async Task<TableData<DeliveryLogRow>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        if (!_user.IsAdmin)
        {
            return new TableData<DeliveryLogRow> { Items = [], TotalItems = 0 };
        }
        var page = await Deliveries.ListAsync(_user.WorkspaceId, BuildFilter(), state.Page, state.PageSize, cancellationToken);
        return new TableData<DeliveryLogRow> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private DeliveryLogFilter BuildFilter()
    {
        var now = Time.GetUtcNow();
        var (from, to) = _time switch
        {
            TimeRange.LastHour => (now.AddHours(-1), (DateTimeOffset?)null),
            TimeRange.LastDay => (now.AddDays(-1), null),
            TimeRange.LastWeek => (now.AddDays(-7), null),
            TimeRange.Custom => (
                _dates?.Start is { } start ? new DateTimeOffset(DateTime.SpecifyKind(start.Date, DateTimeKind.Utc)) : (DateTimeOffset?)null,
                _dates?.End is { } end ? new DateTimeOffset(DateTime.SpecifyKind(end.Date.AddDays(1), DateTimeKind.Utc)) : null),
            _ => ((DateTimeOffset?)null, (DateTimeOffset?)null),
        };
        var (min, max) = _status switch
        {
            StatusRange.Success => (200, 299),
            StatusRange.ClientError => (400, 499),
            StatusRange.ServerError => (500, 599),
            _ => ((int?)null, (int?)null),
        };
        return new DeliveryLogFilter(_endpointId, _outcome, min, max, from, to, _search);
    }

    private async Task SetFilterAsync(Action set)
    {
        set();
        await _table.ReloadServerData();
    }

    private async Task ShowDetailAsync(DeliveryLogRow row)
    {
        var detail = await Deliveries.FindAsync(_user.WorkspaceId, row.Id);
        if (detail is null)
        {
            Snackbar.Add("This entry is no longer in the log.", Severity.Warning);
            return;
        }
        var parameters = new DialogParameters<DeliveryDetailDialog> { { d => d.Detail, detail }, { d => d.Display, _display } };
        await Dialogs.ShowAsync<DeliveryDetailDialog>("Delivery", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true });
    }

    private static Color OutcomeColor(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Accepted or DeliveryOutcome.StatusUpdate => Color.Success,
        DeliveryOutcome.Duplicate or DeliveryOutcome.Ignored => Color.Info,
        DeliveryOutcome.Unavailable => Color.Warning,
        _ => Color.Error,
    };
}
