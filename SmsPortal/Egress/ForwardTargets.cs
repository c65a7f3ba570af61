using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Model;

namespace SmsPortal.Egress;

/// <summary>
/// "Forward to URL" targets checked when rules are saved, so a URL that leads to a private address is refused with a
/// message at its field. The connection is checked again when each forward is sent (names can change what they resolve to).
/// </summary>
public sealed class ForwardTargets(DestinationPolicy destinations)
{
    public async Task<IReadOnlyList<RuleValidationError>> ProblemsAsync(IEnumerable<RuleDefinition> rules, CancellationToken cancellationToken = default)
    {
        var errors = new List<RuleValidationError>();
        foreach (var rule in rules)
        {
            for (var i = 0; i < rule.Actions.Count; i++)
            {
                // A forward through a registered webhook goes to that webhook's URL, checked when it was registered.
                if (rule.Actions[i] is ForwardToUrlAction { Url: { Length: > 0 } url, WebhookId: null } && await destinations.ProblemAsync(url, cancellationToken) is { } problem)
                {
                    errors.Add(new RuleValidationError(rule.Id, rule.Name, $"actions[{i}].url", problem));
                }
            }
        }
        return errors;
    }
}
