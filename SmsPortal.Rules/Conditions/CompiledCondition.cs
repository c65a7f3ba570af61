using System.Linq.Expressions;
using System.Reflection;
using SmsPortal.Rules.Engine;

namespace SmsPortal.Rules.Conditions;

/// <summary>Which normalised part of the message an index key is looked up with.</summary>
internal enum IndexKind
{
    FirstWord,
    WholeMessage,
    AnyWord,
}

/// <summary>A key under which a rule is put in the keyword index.</summary>
internal readonly record struct IndexKey(IndexKind Kind, bool Folded, string Key);

/// <summary>A condition compiled to a delegate-like node. Immutable and thread-safe.</summary>
internal abstract class CompiledCondition(string field, string type)
{
    /// <summary>Path of the condition in its rule, e.g. <c>conditions[0].keywords</c>'s parent.</summary>
    public string Field { get; } = field;

    /// <summary>JSON type discriminator of the source condition.</summary>
    public string Type { get; } = type;

    private static readonly MethodInfo TestMethod = typeof(CompiledCondition).GetMethod(nameof(Test))!;

    /// <summary>Evaluates the condition; <paramref name="keyword"/> is the canonical keyword matched by a passing keyword condition.</summary>
    public abstract bool Evaluate(EvaluationContext context, out string? keyword);

    /// <summary>Evaluates the condition without reporting the keyword (what the NRules conditions call).</summary>
    public bool Test(EvaluationContext context) => Evaluate(context, out _);

    /// <summary>
    /// The condition as a boolean expression over <paramref name="context"/> (an <see cref="EvaluationContext"/>):
    /// a leaf calls its own test; <c>all</c> / <c>any</c> / <c>not</c> become <c>&amp;&amp;</c> / <c>||</c> / <c>!</c>, so a
    /// nested condition is one NRules condition (NRules' own Or and Not mean "one match per branch" and "no such fact").
    /// </summary>
    public virtual Expression ToExpression(Expression context) => Expression.Call(Expression.Constant(this), TestMethod, context);

    /// <summary>
    /// Keys such that, whenever this condition passes, at least one key is present in the message
    /// (null when the condition cannot be indexed and the rule must always be evaluated).
    /// </summary>
    public virtual IReadOnlyList<IndexKey>? IndexKeys => null;

    /// <summary>Evaluates the condition and explains the result.</summary>
    public virtual ConditionTrace Trace(EvaluationContext context)
    {
        var passed = Evaluate(context, out _);
        return new ConditionTrace(Field, Type, passed, Explain(context, passed), []);
    }

    protected abstract string Explain(EvaluationContext context, bool passed);

    protected static string Quote(ReadOnlySpan<char> text) => $"'{text}'";

    protected static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(v => $"'{v}'")) + "]";
}
