using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Live;
using SmsPortal.RuleSets;
using SmsPortal.Rules.Authoring;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Compliance;
using SmsPortal.Rules.Model;
using SmsPortal.Team;

namespace SmsPortal.RuleSets.Pages;

/// <summary>The rules list, the compliance keywords and import/export. Agents see it read-only.</summary>
public sealed partial class RulesPage : IDisposable
{
    private const long MaxImportBytes = 1024 * 1024;
    private static readonly Dictionary<string, object> DownloadAttributes = new() { ["download"] = "rules.json" };

    private PortalUser? _user;

    /// <summary>False while prerendered: controls wait for the circuit, so an early click is not lost.</summary>
    private bool Ready => RendererInfo.IsInteractive;

    private IReadOnlyList<StoredRule> _rules = [];
    private ComplianceDraft? _compliance;
    private bool _loading = true;
    private int _tab;
    private DateTimeOffset _now;
    private RuleSetDocument? _import;
    private string? _importJson;
    private string? _importName;
    private IReadOnlyList<string> _importErrors = [];
    private IDisposable? _subscription;
    private IReadOnlyList<AuthoringWarning> _warnings = [];
    private int _revision;

    [Inject] private RuleService Rules { get; set; } = default!;
    [Inject] private RuleSetWarnings Warnings { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private LiveUpdates Live { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _user = await CurrentUser.GetAsync();
        _compliance = ComplianceDraft.From(await Rules.GetComplianceAsync(_user.WorkspaceId));
        await LoadAsync();
        // Hit counts and "last fired" move as messages arrive.
        _subscription = Live.Subscribe(_user.WorkspaceId, update => update.Kind == LiveUpdateKind.MessageReceived
            ? InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); })
            : Task.CompletedTask);
    }

    public void Dispose() => _subscription?.Dispose();

    private async Task LoadAsync()
    {
        _loading = true;
        _rules = (await Rules.ListAsync(_user!.WorkspaceId)).OrderByDescending(r => r.Definition.Priority).ThenBy(r => r.Position).ToList();
        _warnings = await Warnings.DraftAsync(_user.WorkspaceId);
        _revision++;
        _now = Time.GetUtcNow();
        _loading = false;
    }

    private async Task ReloadAsync()
    {
        _compliance = ComplianceDraft.From(await Rules.GetComplianceAsync(_user!.WorkspaceId));
        await LoadAsync();
    }

    private bool CanMove(StoredRule rule, bool up)
    {
        var index = _rules.ToList().IndexOf(rule);
        var neighbour = up ? index - 1 : index + 1;
        return neighbour >= 0 && neighbour < _rules.Count && _rules[neighbour].Definition.Priority == rule.Definition.Priority;
    }

    private static string EditLink(StoredRule rule) => $"rules/{Uri.EscapeDataString(rule.Definition.Id)}/edit";

    /// <summary>Navigates inside the circuit (a link clicked while the page is still prerendered could leave the next page static).</summary>
    private void Go(string url) => Navigation.NavigateTo(url);

    private Task SetEnabledAsync(StoredRule rule, bool enabled) =>
        AsAdminAsync(() => Rules.SetEnabledAsync(_user!.WorkspaceId, rule.Definition.Id, enabled, _user.Actor),
            $"'{rule.Definition.Name}' {(enabled ? "enabled" : "disabled")}.");

    private Task MoveAsync(StoredRule rule, bool up) =>
        AsAdminAsync(() => Rules.MoveAsync(_user!.WorkspaceId, rule.Definition.Id, up, _user.Actor), null);

    private async Task DeleteAsync(StoredRule rule)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete rule", $"Delete '{rule.Definition.Name}'? This cannot be undone.", yesText: "Delete", cancelText: "Cancel");
        if (confirmed == true)
        {
            await AsAdminAsync(() => Rules.DeleteAsync(_user!.WorkspaceId, rule.Definition.Id, _user.Actor), $"Deleted '{rule.Definition.Name}'.");
        }
    }

    private async Task<IReadOnlyList<RuleValidationError>> SaveComplianceAsync(ComplianceSettings settings)
    {
        try
        {
            await AsAdminAsync(() => Rules.SaveComplianceAsync(_user!.WorkspaceId, settings, _user.Actor), "Compliance settings saved.", rethrowValidation: true);
        }
        catch (RuleCompilationException ex)
        {
            return ex.Errors;
        }
        return [];
    }

    private async Task PreviewImportAsync(IBrowserFile? file)
    {
        CancelImport();
        if (file is null)
        {
            return;
        }
        if (file.Size > MaxImportBytes)
        {
            _importErrors = [$"{file.Name} is larger than 1 MB."];
            return;
        }
        try
        {
            using var reader = new StreamReader(file.OpenReadStream(MaxImportBytes));
            var json = await reader.ReadToEndAsync();
            _import = RuleService.ReadImport(json);
            _importJson = json;
            _importName = file.Name;
        }
        catch (UserInputException ex)
        {
            _importErrors = [ex.Message];
        }
        catch (RuleCompilationException ex)
        {
            _importErrors = ex.Errors.Select(e => $"Rule '{e.RuleName ?? e.RuleId ?? "?"}', {RuleFieldErrors.Describe(e.Field)}: {e.Message}").ToList();
        }
    }

    private async Task ImportAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Replace all rules",
            $"Replace all {_rules.Count} rule(s) and the compliance settings with the {_import!.Rules.Count} rule(s) in {_importName}?",
            yesText: "Replace", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }
        var json = _importJson!;
        CancelImport();
        await AsAdminAsync(async () =>
        {
            await Rules.ImportAsync(_user!.WorkspaceId, json, _user.Actor);
            _compliance = ComplianceDraft.From(await Rules.GetComplianceAsync(_user.WorkspaceId));
        }, "Rules imported.");
    }

    private void CancelImport()
    {
        _import = null;
        _importJson = null;
        _importName = null;
        _importErrors = [];
    }

    /// <summary>
    /// Every change goes through here: the buttons are hidden from Agents, and the role is checked in the database
    /// because a circuit can outlive a role change.
    /// </summary>
    private async Task AsAdminAsync(Func<Task> change, string? success, bool rethrowValidation = false)
    {
        var user = await CurrentUser.GetAsync();
        try
        {
            await Rules.RequireEditorAsync(user.WorkspaceId, user.Actor);
            await change();
            if (success is not null)
            {
                Snackbar.Add(success, Severity.Success);
            }
        }
        catch (UserInputException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        catch (RuleCompilationException ex) when (!rethrowValidation)
        {
            Snackbar.Add(string.Join(" ", ex.Errors.Select(e => e.ToString())), Severity.Error);
        }
        await LoadAsync();
    }
}
