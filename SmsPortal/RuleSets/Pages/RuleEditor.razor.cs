using Microsoft.AspNetCore.Components;
using SmsPortal.Endpoints;
using SmsPortal.RuleSets;
using SmsPortal.Rules.Actions;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Model;

namespace SmsPortal.RuleSets.Pages;

/// <summary>
/// The no-code rule editor. Save checks the rule with the compiler first (errors show at their inputs and in a
/// summary) and only then hands it to <see cref="Save"/>, which returns the errors the whole rule set has.
/// </summary>
public sealed partial class RuleEditor
{
    private RuleFieldErrors _fieldErrors = RuleFieldErrors.None;
    private IReadOnlyList<RuleValidationError> _summary = [];
    private bool _saving;

    [Parameter, EditorRequired] public RuleDraft Draft { get; set; } = default!;
    [Parameter] public IReadOnlyList<EndpointSummary> Endpoints { get; set; } = [];

    /// <summary>Stores the rule; returns the validation errors that prevented it (empty when saved).</summary>
    [Parameter, EditorRequired] public Func<RuleDefinition, Task<IReadOnlyList<RuleValidationError>>> Save { get; set; } = default!;

    [Parameter] public EventCallback OnCancel { get; set; }

    /// <summary>The workspace's business hours, for new business-hours conditions.</summary>
    [Parameter] public ConditionDefaults Defaults { get; set; } = ConditionDefaults.Standard;

    private async Task SaveAsync()
    {
        _saving = true;
        try
        {
            var definition = Draft.ToDefinition(out var draftErrors);
            var errors = draftErrors.Concat(RuleCompiler.Validate(new RuleSetDocument { Rules = [definition] })).ToList();
            if (errors.Count == 0)
            {
                errors = [.. await Save(definition)];
            }
            ShowErrors(errors);
        }
        finally
        {
            _saving = false;
        }
    }

    private void ShowErrors(IReadOnlyList<RuleValidationError> errors)
    {
        _summary = errors;
        _fieldErrors = new RuleFieldErrors(errors.Where(e => e.RuleId == Draft.Id || e.RuleId is null).ToList());
    }

    private void AddCondition(ConditionKind kind)
    {
        Draft.Conditions.Add(ConditionDraft.Create(kind, Defaults));
        StructureChanged();
    }

    private void RemoveCondition(ConditionDraft condition)
    {
        Draft.Conditions.Remove(condition);
        StructureChanged();
    }

    private void AddAction(ActionKind kind)
    {
        Draft.Actions.Add(new ActionDraft(kind));
        StructureChanged();
    }

    private void RemoveAction(ActionDraft action)
    {
        Draft.Actions.Remove(action);
        StructureChanged();
    }

    /// <summary>Errors are addressed by position; once conditions or actions move they would point at the wrong input.</summary>
    private void StructureChanged()
    {
        _fieldErrors = RuleFieldErrors.None;
        _summary = [];
        StateHasChanged();
    }
}
