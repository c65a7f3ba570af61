using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Dashboard;
using SmsPortal.Common;
using SmsPortal.GatewayConnect;
using SmsPortal.Live;
using SmsPortal.Settings;
using SmsPortal.Team;

namespace SmsPortal.Dashboard.Pages;

public sealed partial class DashboardPage
{
    // New messages refresh the numbers, at most this often (a busy gateway must not turn into a query storm).
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    private PortalUser? _me;
    private DashboardStats? _stats;
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];
    private IDisposable? _subscription;
    private IReadOnlyList<GatewayHealth> _health = [];
    private DateTimeDisplay _times = DateTimeDisplay.Utc;
    private int _refreshPending;
    private int _parked;

    [Inject] private DashboardService DashboardService { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private LiveUpdates Live { get; set; } = default!;
    [Inject] private Processing.ParkedMessages Parked { get; set; } = default!;
    [Inject] private PhoneHealthService Health { get; set; } = default!;
    [Inject] private WorkspaceClock Clock { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _me = await CurrentUser.GetAsync();
        await LoadAsync();
        _subscription = Live.Subscribe(_me.WorkspaceId, _ => RefreshSoonAsync());
    }

    private async Task LoadAsync()
    {
        _stats = await DashboardService.GetAsync(_me!.WorkspaceId);
        _parked = await Parked.CountAsync(_me.WorkspaceId);
        _times = await Clock.DisplayAsync(_me.WorkspaceId);
        _health = await Health.GetCachedAsync(_me.WorkspaceId);
        _labels = _stats.Days.Select((d, i) => i % 5 == 4 || i == _stats.Days.Count - 1 ? d.Day.ToString("d MMM", CultureInfo.InvariantCulture) : "").ToArray();
        _series =
        [
            new ChartSeries<double> { Name = "Received", Data = _stats.Days.Select(d => (double)d.In).ToArray() },
            new ChartSeries<double> { Name = "Sent", Data = _stats.Days.Select(d => (double)d.Out).ToArray() },
        ];
    }

    private async Task RefreshSoonAsync()
    {
        if (Interlocked.Exchange(ref _refreshPending, 1) == 1)
        {
            return;
        }
        await Task.Delay(RefreshInterval);
        Interlocked.Exchange(ref _refreshPending, 0);
        await InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
    }

    public void Dispose() => _subscription?.Dispose();
}
