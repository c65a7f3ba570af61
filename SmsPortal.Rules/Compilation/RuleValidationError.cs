namespace SmsPortal.Rules.Compilation;

/// <summary>One problem found while compiling a rule set, addressed to the field the portal shows it at.</summary>
/// <param name="RuleId">Id of the rule (or <c>compliance</c> for the compliance settings); null when the rule has no id.</param>
/// <param name="RuleName">Name of the rule, when it has one.</param>
/// <param name="Field">Path of the field in the rule, e.g. <c>conditions[0].keywords[1].value</c> or <c>actions[2].template</c>.</param>
/// <param name="Message">What is wrong.</param>
public sealed record RuleValidationError(string? RuleId, string? RuleName, string Field, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"Rule '{RuleName ?? RuleId ?? "?"}' ({RuleId ?? "no id"}), {Field}: {Message}";
}

/// <summary>Thrown by <see cref="RuleCompiler.Compile(Model.RuleSetDocument)"/> when the rule set is invalid.</summary>
public sealed class RuleCompilationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errors">The validation errors (at least one).</param>
    public RuleCompilationException(IReadOnlyList<RuleValidationError> errors)
        : base($"The rule set has {errors.Count} error(s):{Environment.NewLine}" + string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>Every validation error, in rule and field order.</summary>
    public IReadOnlyList<RuleValidationError> Errors { get; }
}
