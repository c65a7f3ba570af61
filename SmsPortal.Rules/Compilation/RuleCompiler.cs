using SmsPortal.Rules.Actions;
using SmsPortal.Rules.Compliance;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;

namespace SmsPortal.Rules.Compilation;

/// <summary>
/// Validates a workspace's rules and compiles them, together with the built-in compliance rules, into an immutable
/// <see cref="CompiledRuleSet"/>.
/// </summary>
/// <example>
/// <code>
/// var document = RuleSetSerializer.Deserialize(json);            // or build RuleDefinition records in code
/// var ruleSet = RuleCompiler.Compile(document);                     // throws RuleCompilationException with field errors
/// var fact = new RuleFact(
///     new MessageFact("Price?", EndpointId: "ep-1", ReceivedAt: DateTimeOffset.UtcNow),
///     new ContactFact { Number = "+27820000001", Name = "Thandi", LastFiredByRuleId = history });
/// foreach (var activation in ruleSet.Evaluate(fact).Activations)
/// {
///     foreach (var action in activation.Actions) { /* execute: reply, tag, ticket, ... */ }
/// }
/// </code>
/// </example>
public static class RuleCompiler
{
    /// <summary>Compiles a rule set document.</summary>
    /// <param name="document">The rules and compliance settings.</param>
    /// <returns>The compiled, immutable, thread-safe rule set.</returns>
    /// <exception cref="RuleCompilationException">The rules are invalid; <see cref="RuleCompilationException.Errors"/> names the rule, field and problem of each.</exception>
    public static CompiledRuleSet Compile(RuleSetDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Compile(document.Rules, document.Compliance);
    }

    /// <summary>Compiles rules (in authoring order) and compliance settings.</summary>
    /// <param name="rules">The user rules in authoring order.</param>
    /// <param name="compliance">Compliance customisation; null for the defaults.</param>
    /// <returns>The compiled, immutable, thread-safe rule set.</returns>
    /// <exception cref="RuleCompilationException">The rules are invalid.</exception>
    public static CompiledRuleSet Compile(IEnumerable<RuleDefinition> rules, ComplianceSettings? compliance = null) => Compile(rules, compliance, null);

    /// <summary>Compiles with other partition sizes (the tests and the benchmarks compare them).</summary>
    internal static CompiledRuleSet Compile(IEnumerable<RuleDefinition> rules, ComplianceSettings? compliance, PartitionLimits? limits)
    {
        var result = CompileCore(rules, compliance);
        return result.Errors.Count > 0 ? throw new RuleCompilationException(result.Errors) : new CompiledRuleSet(result.Agenda!, result.Disabled!, limits);
    }

    /// <summary>Validates a document without throwing (for the portal's editor).</summary>
    /// <param name="document">The rules and compliance settings.</param>
    /// <returns>Every validation error; empty when the document compiles.</returns>
    public static IReadOnlyList<RuleValidationError> Validate(RuleSetDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return CompileCore(document.Rules, document.Compliance).Errors;
    }

    /// <summary>Validates and builds the agenda; the NRules session factories are built only by <see cref="Compile(IEnumerable{RuleDefinition}, ComplianceSettings?)"/>.</summary>
    private static (CompiledRule[]? Agenda, (string, string)[]? Disabled, IReadOnlyList<RuleValidationError> Errors) CompileCore(IEnumerable<RuleDefinition>? rules, ComplianceSettings? compliance)
    {
        var errors = new ErrorSink();
        var agenda = new List<CompiledRule>(ComplianceRules.Build(compliance, errors));
        var userRules = new List<CompiledRule>();
        var disabled = new List<(string, string)>();
        var namesById = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var rule in rules ?? [])
        {
            var authoringIndex = index++;
            if (rule is null)
            {
                errors.RuleId = null;
                errors.RuleName = null;
                errors.Add($"rules[{authoringIndex}]", "the rule is missing");
                continue;
            }

            errors.RuleId = string.IsNullOrWhiteSpace(rule.Id) ? null : rule.Id;
            errors.RuleName = string.IsNullOrWhiteSpace(rule.Name) ? null : rule.Name;
            if (errors.RuleId is null)
            {
                errors.Add("id", "the rule has no id");
            }
            else if (errors.RuleId.StartsWith("compliance", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add("id", "ids starting with 'compliance' are reserved for the built-in compliance rules");
            }
            else if (!namesById.TryAdd(errors.RuleId, rule.Name ?? string.Empty))
            {
                errors.Add("id", $"the id is also used by rule '{namesById[errors.RuleId]}'");
            }

            if (errors.RuleName is null)
            {
                errors.Add("name", "the rule has no name");
            }

            var options = rule.Options ?? new RuleOptions();
            if (options.Cooldown is { } cooldown && cooldown <= TimeSpan.Zero)
            {
                errors.Add("options.cooldown", "the cooldown must be positive");
            }

            var conditions = ConditionCompiler.CompileList(rule.Conditions, "conditions", errors);
            var actions = ActionCompiler.CompileList(rule.Actions, errors);
            if (!rule.Enabled)
            {
                disabled.Add((rule.Id ?? string.Empty, rule.Name ?? string.Empty));
                continue;
            }

            var stops = options.StopProcessing || actions.Any(a => a.Kind == ActionKind.Stop);
            userRules.Add(new CompiledRule(rule.Id!, rule.Name!, rule.Priority, authoringIndex, ComplianceKind.None, conditions, actions, stops, options.OncePerContact, options.Cooldown));
        }

        if (errors.Count > 0)
        {
            return (null, null, errors.Errors);
        }

        // NRules-style agenda: priority descending, then authoring order (List.Sort is unstable, so compare both).
        userRules.Sort(static (a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : a.AuthoringIndex.CompareTo(b.AuthoringIndex));
        agenda.AddRange(userRules);
        return (agenda.ToArray(), disabled.ToArray(), []);
    }
}
