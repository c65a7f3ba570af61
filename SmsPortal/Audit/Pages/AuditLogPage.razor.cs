using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Audit;
using SmsPortal.Team;

namespace SmsPortal.Audit.Pages;

public partial class AuditLogPage
{
    private PortalUser _user = default!;
    private MudTable<AuditLogRow> _table = default!;
    private IReadOnlyList<string> _actions = [];
    private string? _action;
    private string? _actor;

    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private AuditLogService AuditLog { get; set; } = default!;
    [Inject] private SmsPortal.Settings.WorkspaceClock Clock { get; set; } = default!;

    private SmsPortal.Common.DateTimeDisplay _display = SmsPortal.Common.DateTimeDisplay.Utc;

    protected override async Task OnInitializedAsync()
    {
        _user = await CurrentUser.GetAsync();
        _display = await Clock.DisplayAsync(_user);
        if (_user.IsAdmin)
        {
            _actions = await AuditLog.ActionsAsync(_user.WorkspaceId);
        }
    }

    private async Task<TableData<AuditLogRow>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        if (!_user.IsAdmin)
        {
            return new TableData<AuditLogRow> { Items = [], TotalItems = 0 };
        }
        var page = await AuditLog.ListAsync(_user.WorkspaceId, new AuditLogFilter(_action, _actor), state.Page, state.PageSize, cancellationToken);
        return new TableData<AuditLogRow> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private async Task SetFilterAsync(Action set)
    {
        set();
        await _table.ReloadServerData();
    }
}
