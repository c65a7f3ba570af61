using SmsPortal.Rules.Compliance;

namespace SmsPortal.Rules.Engine;

/// <summary>Why each rule did or did not fire for a fact (feeds the portal's "test a message" console).</summary>
/// <param name="NormalizedText">The message as the keyword conditions saw it.</param>
/// <param name="Rules">Every rule (compliance first, then the agenda, then disabled rules) with its outcome.</param>
public sealed record EvaluationTrace(string NormalizedText, IReadOnlyList<RuleTrace> Rules);

/// <summary>The outcome of one rule in a trace.</summary>
public enum RuleOutcome
{
    /// <summary>The rule fired.</summary>
    Fired,

    /// <summary>At least one condition failed.</summary>
    ConditionsFailed,

    /// <summary>The conditions passed but an earlier rule stopped processing.</summary>
    SkippedAfterStop,

    /// <summary>The conditions passed but the rule fires once per contact and already fired for this contact.</summary>
    SkippedOncePerContact,

    /// <summary>The conditions passed but the rule is in its cooldown for this contact.</summary>
    SkippedCooldown,

    /// <summary>The rule is disabled.</summary>
    Disabled,
}

/// <summary>One rule in a trace.</summary>
/// <param name="RuleId">Rule id.</param>
/// <param name="RuleName">Rule name.</param>
/// <param name="ComplianceKind">Compliance kind, or <see cref="ComplianceKind.None"/> for user rules.</param>
/// <param name="Outcome">Whether and why the rule fired.</param>
/// <param name="Reason">Human-readable explanation of <paramref name="Outcome"/>.</param>
/// <param name="Conditions">Every top-level condition with its result (empty for disabled rules).</param>
public sealed record RuleTrace(string RuleId, string RuleName, ComplianceKind ComplianceKind, RuleOutcome Outcome, string Reason, IReadOnlyList<ConditionTrace> Conditions);

/// <summary>One condition in a trace.</summary>
/// <param name="Field">Path of the condition in the rule, e.g. <c>conditions[0].conditions[1]</c>.</param>
/// <param name="Type">The condition's type discriminator, e.g. <c>firstWordIs</c>.</param>
/// <param name="Passed">Whether the condition passed.</param>
/// <param name="Reason">Why it passed or failed.</param>
/// <param name="Children">Child conditions of <c>all</c> / <c>any</c> / <c>not</c>.</param>
public sealed record ConditionTrace(string Field, string Type, bool Passed, string Reason, IReadOnlyList<ConditionTrace> Children)
{
    /// <summary>False when NRules never evaluated the condition (an earlier condition of the rule failed); then <see cref="Passed"/> is false.</summary>
    public bool Evaluated { get; init; } = true;
}
