using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Model;

namespace SmsPortal.RuleSets;

/// <summary>
/// Everything a rule set must pass before it is saved or published: the engine's own validation, forward targets the
/// installation allows (bare URLs) or the workspace has registered (event webhooks), and what the host adds to the model (quiet hours).
/// </summary>
public sealed class RuleSetValidation(Egress.ForwardTargets forwardTargets, EventWebhooks.EventWebhookService webhooks)
{
    /// <exception cref="RuleCompilationException">With every problem found, field by field.</exception>
    public async Task ThrowIfInvalidAsync(Guid workspaceId, RuleSetDocument document, CancellationToken cancellationToken)
    {
        var errors = RuleCompiler.Validate(document);
        if (errors.Count == 0)
        {
            errors = await forwardTargets.ProblemsAsync(document.Rules, cancellationToken);
        }
        if (errors.Count == 0)
        {
            errors = await WebhookProblemsAsync(workspaceId, document.Rules, cancellationToken);
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

    private async Task<List<RuleValidationError>> WebhookProblemsAsync(Guid workspaceId, IReadOnlyList<RuleDefinition> rules, CancellationToken cancellationToken)
    {
        var named = rules.SelectMany(rule => rule.Actions.Select((action, index) => (rule, action, index)))
            .Where(a => a.action is ForwardToUrlAction { WebhookId: not null })
            .ToList();
        if (named.Count == 0)
        {
            return [];
        }
        var registered = (await webhooks.ListAsync(workspaceId, cancellationToken)).Select(w => w.Id).ToHashSet();
        return named.Where(a => !registered.Contains(((ForwardToUrlAction)a.action).WebhookId!))
            .Select(a => new RuleValidationError(a.rule.Id, a.rule.Name, $"actions[{a.index}].webhookId",
                $"there is no event webhook '{((ForwardToUrlAction)a.action).WebhookId}' in this workspace: pick one of its webhooks, or forward to a URL"))
            .ToList();
    }

    private static List<RuleValidationError> QuietHoursProblems(IEnumerable<RuleDefinition> rules) =>
        rules.SelectMany(rule => rule.Actions.Select((action, index) => (action, index))
            .Where(a => a.action is ReplyAction { QuietHours: { } quiet } && quiet.From == quiet.To)
            .Select(a => new RuleValidationError(rule.Id, rule.Name, $"actions[{a.index}].quietHours", "the quiet hours must end at a different time than they start")))
        .ToList();
}
