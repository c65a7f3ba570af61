using Microsoft.AspNetCore.Components;
using SmsPortal.RuleSets.DryRun;
using SmsPortal.Team;

namespace SmsPortal.RuleSets.Pages;

/// <summary>Starts a dry run in the background and follows its progress; the report stays until the next run.</summary>
public sealed partial class DryRunTab
{
    private int _last = 1000;
    private DateTime? _from;
    private DateTime? _to;
    private string? _tag;
    private DryRunJob? _job;

    /// <summary>The signed-in member.</summary>
    [Parameter, EditorRequired] public PortalUser User { get; set; } = default!;

    [Inject] private DryRunJobs Jobs { get; set; } = default!;

    private bool Ready => RendererInfo.IsInteractive;

    private bool Running => _job?.State == DryRunState.Running;

    private double Percent => _job is { Total: > 0 } job ? 100.0 * job.Done / job.Total : 0;

    protected override void OnInitialized() => Follow(Jobs.Current(User.WorkspaceId));

    private void Start()
    {
        var scope = new DryRunScope
        {
            Last = _last,
            From = _from is { } from ? new DateTimeOffset(DateTime.SpecifyKind(from.Date, DateTimeKind.Utc)) : null,
            To = _to is { } to ? new DateTimeOffset(DateTime.SpecifyKind(to.Date.AddDays(1), DateTimeKind.Utc)) : null,
            Tag = string.IsNullOrWhiteSpace(_tag) ? null : _tag,
        };
        Follow(Jobs.Start(User.WorkspaceId, User.Actor, scope));
    }

    private void Follow(DryRunJob? job)
    {
        if (_job is not null)
        {
            _job.Changed -= OnChanged;
        }
        _job = job;
        if (_job is not null)
        {
            _job.Changed += OnChanged;
        }
    }

    private void OnChanged() => _ = InvokeAsync(StateHasChanged);

    public void Dispose() => Follow(null);
}
