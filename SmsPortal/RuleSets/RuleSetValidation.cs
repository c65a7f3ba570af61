using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Model;

namespace SmsPortal.RuleSets;

/// <summary>
/// Everything a rule set must pass before it is saved or published: the engine's own validation, forward targets the
/// installation allows, and what the host adds to the model (quiet hours).
/// </summary>
public sealed class RuleSetValidation(Egress.ForwardTargets forwardTargets)
{
    /// <exception cref="RuleCompilationException">With every problem found, field by field.</exception>
    public async Task ThrowIfInvalidAsync(RuleSetDocument document, CancellationToken cancellationToken)
    {
        var errors = RuleCompiler.Validate(document);
        if (errors.Count == 0)
        {
            errors = await forwardTargets.ProblemsAsync(document.Rules, cancellationToken);
        }
        if (errors.Count == 0)
        {
            errors = QuietHoursProblems(document.Rules);
        }
        if (errors.Count > 0)
        {
            throw new RuleCompilationException(errors);
        }
    }

    private static List<RuleValidationError> QuietHoursProblems(IEnumerable<RuleDefinition> rules) =>
        rules.SelectMany(rule => rule.Actions.Select((action, index) => (action, index))
            .Where(a => a.action is ReplyAction { QuietHours: { } quiet } && quiet.From == quiet.To)
            .Select(a => new RuleValidationError(rule.Id, rule.Name, $"actions[{a.index}].quietHours", "the quiet hours must end at a different time than they start")))
        .ToList();
}
