using Microsoft.AspNetCore.Components;
using SmsPortal.Common;
using SmsPortal.Live;
using SmsPortal.Team;

namespace SmsPortal.GatewayConnect.Pages;

/// <summary>"Re-fetch the last 6 hours" and the result so far ("212 re-sent, 209 already here, 3 new").</summary>
public sealed partial class CatchUpPanel
{
    private PortalUser? _me;
    private CatchUpSummary? _summary;
    private int _hours = 6;
    private bool _sendReplies;
    private bool _busy;
    private string? _error;
    private IDisposable? _subscription;
    private DateTimeDisplay _times = DateTimeDisplay.Utc;

    [Inject] private CatchUpService CatchUp { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private LiveUpdates Live { get; set; } = default!;
    [Inject] private Settings.WorkspaceClock Clock { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _me = await CurrentUser.GetAsync();
        _times = await Clock.DisplayAsync(_me.WorkspaceId);
        _summary = await CatchUp.LatestAsync(_me.WorkspaceId);
        _subscription = Live.Subscribe(_me.WorkspaceId, update => update.Kind == LiveUpdateKind.MessageReceived ? RefreshAsync() : Task.CompletedTask);
    }

    private async Task RequestAsync()
    {
        (_busy, _error) = (true, null);
        try
        {
            _summary = await CatchUp.RequestAsync(_me!.WorkspaceId, _me.Actor, TimeSpan.FromHours(_hours), _sendReplies);
        }
        catch (UserInputException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RefreshAsync()
    {
        if (_summary is not { } current)
        {
            return;
        }
        var latest = await CatchUp.SummaryAsync(_me!.WorkspaceId, current.RunId);
        await InvokeAsync(() =>
        {
            _summary = latest;
            StateHasChanged();
        });
    }

    public void Dispose() => _subscription?.Dispose();
}
