using System.Linq.Expressions;
using SmsPortal.Rules.Engine;

namespace SmsPortal.Rules.Conditions;

/// <summary>All children must pass; the keyword is the first one reported by a child.</summary>
internal sealed class AllNode(string field, CompiledCondition[] children) : CompiledCondition(field, "all")
{
    public CompiledCondition[] Children { get; } = children;

    public override bool Evaluate(EvaluationContext context, out string? keyword)
    {
        keyword = null;
        foreach (var child in Children)
        {
            if (!child.Evaluate(context, out var childKeyword))
            {
                keyword = null;
                return false;
            }

            keyword ??= childKeyword;
        }

        return true;
    }

    public override IReadOnlyList<IndexKey>? IndexKeys => SelectIndexKeys(Children);

    public override Expression ToExpression(Expression context) => Children.Length == 0
        ? Expression.Constant(true)
        : Children.Select(c => c.ToExpression(context)).Aggregate(Expression.AndAlso);

    /// <summary>
    /// For a conjunction any one indexable child is a sound filter; the child with the fewest keys is the most selective.
    /// </summary>
    public static IReadOnlyList<IndexKey>? SelectIndexKeys(IEnumerable<CompiledCondition> conjuncts)
    {
        IReadOnlyList<IndexKey>? best = null;
        foreach (var child in conjuncts)
        {
            var keys = child.IndexKeys;
            if (keys is not null && (best is null || keys.Count < best.Count))
            {
                best = keys;
            }
        }

        return best;
    }

    public override ConditionTrace Trace(EvaluationContext context)
    {
        var children = Children.Select(c => c.Trace(context)).ToArray();
        var passed = children.All(c => c.Passed);
        var reason = passed ? "all conditions passed" : $"{children.Count(c => !c.Passed)} of {children.Length} conditions failed";
        return new ConditionTrace(Field, Type, passed, reason, children);
    }

    protected override string Explain(EvaluationContext context, bool passed) => throw new NotSupportedException();
}

/// <summary>At least one child must pass; the keyword comes from the first passing child.</summary>
internal sealed class AnyNode(string field, CompiledCondition[] children) : CompiledCondition(field, "any")
{
    public override bool Evaluate(EvaluationContext context, out string? keyword)
    {
        foreach (var child in children)
        {
            if (child.Evaluate(context, out keyword))
            {
                return true;
            }
        }

        keyword = null;
        return false;
    }

    public override Expression ToExpression(Expression context) =>
        children.Select(c => c.ToExpression(context)).Aggregate(Expression.OrElse);

    /// <summary>A disjunction is indexable when every child is: the union of their keys.</summary>
    public override IReadOnlyList<IndexKey>? IndexKeys
    {
        get
        {
            var union = new List<IndexKey>();
            foreach (var child in children)
            {
                var keys = child.IndexKeys;
                if (keys is null)
                {
                    return null;
                }

                union.AddRange(keys);
            }

            return union;
        }
    }

    public override ConditionTrace Trace(EvaluationContext context)
    {
        var traces = children.Select(c => c.Trace(context)).ToArray();
        var passed = traces.Any(c => c.Passed);
        var reason = passed ? $"{traces.Count(c => c.Passed)} of {traces.Length} conditions passed" : "no condition passed";
        return new ConditionTrace(Field, Type, passed, reason, traces);
    }

    protected override string Explain(EvaluationContext context, bool passed) => throw new NotSupportedException();
}

/// <summary>Passes when the child fails. Never reports a keyword and is never indexed.</summary>
internal sealed class NotNode(string field, CompiledCondition child) : CompiledCondition(field, "not")
{
    public override bool Evaluate(EvaluationContext context, out string? keyword)
    {
        keyword = null;
        return !child.Evaluate(context, out _);
    }

    public override Expression ToExpression(Expression context) => Expression.Not(child.ToExpression(context));

    public override ConditionTrace Trace(EvaluationContext context)
    {
        var inner = child.Trace(context);
        var passed = !inner.Passed;
        return new ConditionTrace(Field, Type, passed, passed ? "the negated condition failed" : "the negated condition passed", [inner]);
    }

    protected override string Explain(EvaluationContext context, bool passed) => throw new NotSupportedException();
}
