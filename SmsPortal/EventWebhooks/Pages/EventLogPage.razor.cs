using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Team;

namespace SmsPortal.EventWebhooks.Pages;

/// <summary>
/// One webhook's deliveries and their attempts, filtered by outcome and day; replay one or all the filter shows.
/// While any delivery shown is being retried the page refreshes itself, so a replay's outcome appears without a reload.
/// </summary>
public partial class EventLogPage : IDisposable
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _disposed = new();
    private readonly HashSet<string> _open = [];
    private PortalUser _user = default!;
    private DateTimeDisplay _display = DateTimeDisplay.Utc;
    private EventWebhookOverview? _webhook;
    private List<EventDeliveryRow>? _rows;
    private string? _older;
    private int _replayable;
    private EventDeliveryStatus? _status;
    private DateRange? _dates;

    [Parameter] public string Id { get; set; } = "";

    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private EventWebhookService Webhooks { get; set; } = default!;
    [Inject] private EventDeliveryLog Log { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private SmsPortal.Settings.WorkspaceClock Clock { get; set; } = default!;

    private bool Ready => RendererInfo.IsInteractive && _webhook is not null;

    protected override async Task OnInitializedAsync()
    {
        _user = await CurrentUser.GetAsync();
        _display = await Clock.DisplayAsync(_user);
        await ReloadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            _ = RefreshWhileRetryingAsync();
        }
    }

    private async Task RefreshWhileRetryingAsync()
    {
        using var timer = new PeriodicTimer(RefreshEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_disposed.Token))
            {
                if (_rows?.Any(r => r.Status == EventDeliveryStatus.Pending) == true)
                {
                    await InvokeAsync(async () =>
                    {
                        await ReloadAsync();
                        StateHasChanged();
                    });
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    /// <summary>The days picked, as instants in the viewer's time zone: from the first day's start to the last day's end.</summary>
    private EventLogFilter Filter => new(_status,
        _dates?.Start is { } start ? Local(start.Date) : null,
        _dates?.End is { } end ? Local(end.Date.AddDays(1)) : null);

    private DateTimeOffset Local(DateTime day) =>
        new(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(day, DateTimeKind.Unspecified), _display.Zone), TimeSpan.Zero);

    private async Task ReloadAsync()
    {
        if (!_user.IsAdmin)
        {
            (_rows, _webhook) = ([], null);
            return;
        }
        _webhook = (await Webhooks.OverviewAsync(_user.WorkspaceId, _user.Actor)).SingleOrDefault(w => w.Subscription.Id == Id);
        if (_webhook is null)
        {
            (_rows, _older, _replayable) = ([], null, 0);
            Snackbar.Add("That event webhook was not found.", Severity.Error);
            return;
        }
        var page = await Log.ListAsync(_user.WorkspaceId, _user.Actor, Id, Filter);
        (_rows, _older) = ([.. page.Deliveries], page.Older);
        _replayable = await Log.CountReplayableAsync(_user.WorkspaceId, _user.Actor, Id, Filter);
    }

    private async Task LoadOlderAsync()
    {
        var page = await Log.ListAsync(_user.WorkspaceId, _user.Actor, Id, Filter with { Before = _older });
        _rows = [.. _rows ?? [], .. page.Deliveries];
        _older = page.Older;
    }

    private async Task SetFilterAsync(Action set)
    {
        set();
        await ReloadAsync();
    }

    private void ToggleOpen(string deliveryId)
    {
        if (!_open.Remove(deliveryId))
        {
            _open.Add(deliveryId);
        }
    }

    private static string Outcome(EventDeliveryRow row) => row.Status switch
    {
        EventDeliveryStatus.Delivered => "Delivered",
        EventDeliveryStatus.Failed => "Failed",
        _ => row.Attempts == 0 ? "Queued" : "Retrying",
    };

    private static Color OutcomeColor(EventDeliveryStatus status) => status switch
    {
        EventDeliveryStatus.Delivered => Color.Success,
        EventDeliveryStatus.Failed => Color.Error,
        _ => Color.Info,
    };

    private Task ReplayAsync(EventDeliveryRow row) => RunAsync(async () =>
    {
        await Log.ReplayAsync(_user.WorkspaceId, _user.Actor, row.Id);
        Snackbar.Add($"{row.EventId} is sent again.", Severity.Success);
    });

    private Task ReplayAllAsync() => RunAsync(async () =>
    {
        var count = await Log.CountReplayableAsync(_user.WorkspaceId, _user.Actor, Id, Filter);
        if (await Dialogs.ShowMessageBoxAsync("Replay deliveries?",
                $"{count} delivery(ies) shown by this filter are sent again, each with its original webhook-id. Those still being retried are left alone.",
                yesText: "Replay", cancelText: "Cancel") != true)
        {
            return;
        }
        var replayed = await Log.ReplayAllAsync(_user.WorkspaceId, _user.Actor, Id, Filter);
        Snackbar.Add($"{replayed} delivery(ies) are sent again.", Severity.Success);
    });

    private async Task RunAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (UserInputException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        await ReloadAsync();
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
