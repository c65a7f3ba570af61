using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Rules.Authoring;
using SmsPortal.RuleSets.Versions;
using SmsPortal.Settings;
using SmsPortal.Team;

namespace SmsPortal.RuleSets.Pages;

/// <summary>The live version, the draft's unpublished changes and warnings, and Publish with a comment.</summary>
public sealed partial class PublishPanel
{
    private VersionSummary? _live;
    private RuleSetChanges? _pending;
    private bool _open;
    private bool _busy;
    private string? _comment;

    /// <summary>The signed-in member; only Owners and Admins see Publish.</summary>
    [Parameter, EditorRequired] public PortalUser User { get; set; } = default!;

    /// <summary>The draft's warnings, shown in the summary before publishing.</summary>
    [Parameter] public IReadOnlyList<AuthoringWarning> Warnings { get; set; } = [];

    /// <summary>Changes when the draft or the versions change, so the panel reads them again.</summary>
    [Parameter] public int Revision { get; set; }

    /// <summary>Called after a publish.</summary>
    [Parameter] public EventCallback OnPublished { get; set; }

    [Inject] private RuleSetVersions Versions { get; set; } = default!;
    [Inject] private WorkspaceClock Clock { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private DateTimeDisplay Display { get; set; } = DateTimeDisplay.Utc;

    private bool Ready => RendererInfo.IsInteractive;

    protected override async Task OnParametersSetAsync()
    {
        Display = await Clock.DisplayAsync(User.WorkspaceId);
        _live = (await Versions.ListAsync(User.WorkspaceId)).FirstOrDefault();
        _pending = await Versions.PendingAsync(User.WorkspaceId);
    }

    private static int Count(RuleSetChanges changes) => changes.Rules.Count + (changes.Compliance.Count > 0 ? 1 : 0);

    private Task PublishAsync() => VersionChange.RunAsync(Snackbar, busy => _busy = busy, async () =>
    {
        var published = await Versions.PublishAsync(User.WorkspaceId, User.Actor, _comment);
        Snackbar.Add($"Version {published.Number} is live.", Severity.Success);
        (_open, _comment) = (false, null);
        await OnPublished.InvokeAsync();
    });
}
