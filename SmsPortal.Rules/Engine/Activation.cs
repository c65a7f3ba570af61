using SmsPortal.Rules.Actions;
using SmsPortal.Rules.Compliance;

namespace SmsPortal.Rules.Engine;

/// <summary>A rule that fired for a fact, with its actions rendered and ready for the host to execute.</summary>
public sealed class Activation
{
    internal Activation(string ruleId, string ruleName, int priority, ComplianceKind complianceKind, string? keyword, IReadOnlyList<ResolvedAction> actions, bool stopsProcessing)
    {
        RuleId = ruleId;
        RuleName = ruleName;
        Priority = priority;
        ComplianceKind = complianceKind;
        Keyword = keyword;
        Actions = actions;
        StopsProcessing = stopsProcessing;
    }

    /// <summary>Id of the rule that fired (the built-in compliance rules use <c>compliance:*</c> ids).</summary>
    public string RuleId { get; }

    /// <summary>Name of the rule that fired.</summary>
    public string RuleName { get; }

    /// <summary>Agenda position of the rule (orders activations recorded by different session factories).</summary>
    internal int Position { get; init; }

    /// <summary>Priority of the rule.</summary>
    public int Priority { get; }

    /// <summary>Which compliance rule fired, or <see cref="ComplianceKind.None"/> for a user rule.</summary>
    public ComplianceKind ComplianceKind { get; }

    /// <summary>True when a built-in compliance rule fired.</summary>
    public bool IsCompliance => ComplianceKind != ComplianceKind.None;

    /// <summary>The canonical keyword that matched (the value rendered by <c>{{keyword}}</c>), or null.</summary>
    public string? Keyword { get; }

    /// <summary>The rendered actions, in authoring order.</summary>
    public IReadOnlyList<ResolvedAction> Actions { get; }

    /// <summary>True when this activation stopped further rules from firing.</summary>
    public bool StopsProcessing { get; }

    /// <summary>True when any action is a reply.</summary>
    public bool HasReply
    {
        get
        {
            foreach (var action in Actions)
            {
                if (action.IsReply)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{RuleId} ({RuleName}) keyword={Keyword ?? "-"} actions=[{string.Join(", ", Actions.Select(a => a.Kind))}]";
}

/// <summary>The outcome of evaluating one fact.</summary>
public sealed class EvaluationResult
{
    internal static readonly EvaluationResult Empty = new([], null);

    internal EvaluationResult(IReadOnlyList<Activation> activations, EvaluationTrace? trace)
    {
        Activations = activations;
        Trace = trace;
    }

    /// <summary>The activations in firing order: compliance rules first, then priority descending, then authoring order.</summary>
    public IReadOnlyList<Activation> Activations { get; }

    /// <summary>The trace, when <see cref="EvaluationOptions.Trace"/> was requested; otherwise null.</summary>
    public EvaluationTrace? Trace { get; }
}
