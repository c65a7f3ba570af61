using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.RuleSets.Versions;
using SmsPortal.Settings;
using SmsPortal.Team;

namespace SmsPortal.RuleSets.Pages;

/// <summary>Every published version with who, when and why; the changes between any two; roll back.</summary>
public sealed partial class VersionsTab
{
    private IReadOnlyList<VersionSummary> _versions = [];
    private RuleSetChanges? _diff;
    private string? _diffTitle;
    private int? _from;
    private int? _to;
    private bool _busy;

    /// <summary>The signed-in member; only Owners and Admins can roll back.</summary>
    [Parameter, EditorRequired] public PortalUser User { get; set; } = default!;

    /// <summary>Changes when the draft or the versions change, so the tab reads them again.</summary>
    [Parameter] public int Revision { get; set; }

    /// <summary>Called after a roll back.</summary>
    [Parameter] public EventCallback OnChanged { get; set; }

    [Inject] private RuleSetVersions Versions { get; set; } = default!;
    [Inject] private WorkspaceClock Clock { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    private DateTimeDisplay Display { get; set; } = DateTimeDisplay.Utc;

    private bool Ready => RendererInfo.IsInteractive;

    /// <summary>The versions, and the draft (null), to compare.</summary>
    private IEnumerable<(int? Number, string Label)> Options =>
        _versions.Select(v => ((int?)v.Number, $"Version {v.Number}")).Prepend((null, "Draft"));

    protected override async Task OnParametersSetAsync()
    {
        Display = await Clock.DisplayAsync(User.WorkspaceId);
        _versions = await Versions.ListAsync(User.WorkspaceId);
        if (_versions.Count > 0 && _from is null && _to is null)
        {
            _from = _versions[0].Number;
        }
    }

    private async Task CompareAsync(int? from, int? to)
    {
        _diff = await Versions.DiffAsync(User.WorkspaceId, from, to);
        _diffTitle = $"From {Name(from)} to {Name(to)}";
    }

    private static string Name(int? number) => number is null ? "the draft" : $"version {number}";

    private async Task RollbackAsync(int number)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Roll back", $"Publish version {number} again? It becomes the live version on every node; the draft stays as it is.",
            yesText: "Roll back", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }
        await VersionChange.RunAsync(Snackbar, busy => _busy = busy, async () =>
        {
            var published = await Versions.RollbackAsync(User.WorkspaceId, number, User.Actor, null);
            Snackbar.Add($"Version {number} is live again, as version {published.Number}.", Severity.Success);
            await OnChanged.InvokeAsync();
        });
    }
}
