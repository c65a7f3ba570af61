using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.RuleSets;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Model;
using SmsPortal.Team;

namespace SmsPortal.RuleSets.Pages;

public sealed partial class RuleEditPage
{
    private PortalUser _user = default!;
    private RuleDraft? _draft;
    private IReadOnlyList<EndpointSummary> _endpoints = [];
    private bool _notFound;
    private ConditionDefaults _defaults = ConditionDefaults.Standard;

    [Parameter] public string? RuleId { get; set; }

    [Inject] private RuleService Rules { get; set; } = default!;
    [Inject] private EndpointService EndpointService { get; set; } = default!;
    [Inject] private SmsPortal.Settings.WorkspaceSettingsService Settings { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

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
            return;
        }
        var stored = (await Rules.ListAsync(_user.WorkspaceId)).SingleOrDefault(r => r.Definition.Id == RuleId);
        _notFound = stored is null;
        _draft = stored is null ? null : RuleDraft.From(stored.Definition);
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
        Snackbar.Add($"Saved '{rule.Name}'.", Severity.Success);
        BackToList();
        return [];
    }

    private void BackToList() => Navigation.NavigateTo("rules");
}
