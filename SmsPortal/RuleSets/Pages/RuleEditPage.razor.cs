using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Drafts;
using SmsPortal.Endpoints;
using SmsPortal.RuleSets;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Model;
using SmsPortal.Team;

namespace SmsPortal.RuleSets.Pages;

public sealed partial class RuleEditPage : IAsyncDisposable
{
    private PortalUser _user = default!;
    private RuleDraft? _draft;
    private IReadOnlyList<EndpointSummary> _endpoints = [];
    private bool _notFound;
    private ConditionDefaults _defaults = ConditionDefaults.Standard;
    private DraftKeeper? _keeper;
    private string? _storedRule;
    private SavedDraft? _restored;
    private IReadOnlyList<Rules.Authoring.AuthoringWarning> _warnings = [];

    [Parameter] public string? RuleId { get; set; }

    [Inject] private RuleService Rules { get; set; } = default!;
    [Inject] private RuleSetWarnings Warnings { get; set; } = default!;
    [Inject] private EndpointService EndpointService { get; set; } = default!;
    [Inject] private SmsPortal.Settings.WorkspaceSettingsService Settings { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private DraftKeepers Drafts { get; set; } = default!;

    private string Title => RuleId is null ? "New rule" : "Edit rule";

    protected override async Task OnParametersSetAsync()
    {
        _user = await CurrentUser.GetAsync();
        _endpoints = await EndpointService.ListAsync(_user.WorkspaceId);
        var settings = await Settings.GetAsync(_user.WorkspaceId);
        _defaults = new ConditionDefaults(SmsPortal.Settings.WeekDaysExtensions.ToList(settings.BusinessDays),
            settings.BusinessHoursFrom.ToString("HH:mm"), settings.BusinessHoursTo.ToString("HH:mm"), settings.TimeZone);
        if (RuleId is null)
        {
            _draft = new RuleDraft();
        }
        else
        {
            var stored = (await Rules.ListAsync(_user.WorkspaceId)).SingleOrDefault(r => r.Definition.Id == RuleId);
            _notFound = stored is null;
            _draft = stored is null ? null : RuleDraft.From(stored.Definition);
            _warnings = stored is null ? [] : RuleSetWarnings.For(await Warnings.DraftAsync(_user.WorkspaceId), RuleId);
        }
        await KeepDraftAsync();
    }

    /// <summary>Edits are kept per person and rule while the editor is open; edits kept earlier are put back.</summary>
    private async Task KeepDraftAsync()
    {
        if (_keeper is not null)
        {
            await _keeper.DisposeAsync();
            (_keeper, _restored) = (null, null);
        }
        if (_draft is null || !RendererInfo.IsInteractive)
        {
            return;
        }
        _storedRule = Snapshot();
        _keeper = Drafts.Keep(_user, DraftKeys.Rule(RuleId), InvokeAsync, Snapshot);
        _restored = await _keeper.StartAsync(_storedRule);
        if (_restored is not null && Read(_restored.Content) is { } restored)
        {
            _draft = restored;
        }
    }

    private string? Snapshot() => _draft is null ? null : RuleSetSerializer.SerializeRule(_draft.ToDefinition(out _));

    private static RuleDraft? Read(string? json)
    {
        try
        {
            return json is null ? null : RuleDraft.From(RuleSetSerializer.DeserializeRule(json));
        }
        catch (Exception ex) when (ex is RuleSetFormatException or NotSupportedException)
        {
            return null;
        }
    }

    private void DiscardRestored() => (_draft, _restored) = (Read(_storedRule) ?? _draft, null);

    private async Task CancelAsync()
    {
        if (_keeper is not null)
        {
            await _keeper.DiscardAsync();
        }
        BackToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (_keeper is not null)
        {
            await _keeper.DisposeAsync();
        }
    }

    private async Task<IReadOnlyList<RuleValidationError>> SaveAsync(RuleDefinition rule)
    {
        try
        {
            // The route is Admin-only; checked again in the database because a circuit outlives a role change.
            await Rules.RequireEditorAsync(_user.WorkspaceId, (await CurrentUser.GetAsync()).Actor);
            await Rules.SaveAsync(_user.WorkspaceId, rule, _user.Actor);
        }
        catch (RuleCompilationException ex)
        {
            return ex.Errors;
        }
        catch (UserInputException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
            return [];
        }
        if (_keeper is not null)
        {
            await _keeper.CommitAsync();
        }
        Snackbar.Add($"Saved '{rule.Name}'.", Severity.Success);
        BackToList();
        return [];
    }

    private void BackToList() => Navigation.NavigateTo("rules");
}
