using System.Linq.Expressions;
using System.Reflection;
using FastExpressionCompiler;
using NRules.Extensibility;
using NRules.RuleModel;
using NRules.RuleModel.Builders;
using SmsPortal.Rules.Engine;

namespace SmsPortal.Rules.Compilation;

/// <summary>
/// Turns a validated rule into an NRules rule definition (RuleBuilder, no Fluent DSL). One pattern, <c>m</c>, matches
/// the message; its conditions are, in order: the keyword-index guard (indexed rules only), one condition per top-level
/// no-code condition (nested all/any/not compiled into one lambda), and the history check (once per contact, cooldown).
/// The action records the rendered actions and halts the session when the rule stops processing.
/// </summary>
internal static class NRulesDefinitions
{
    private static readonly FieldInfo CandidatesField = typeof(MessageInput).GetField(nameof(MessageInput.Candidates))!;
    private static readonly PropertyInfo ContextProperty = typeof(MessageInput).GetProperty(nameof(MessageInput.Context))!;
    private static readonly MethodInfo RecordMethod = typeof(MessageInput).GetMethod(nameof(MessageInput.Record))!;
    private static readonly MethodInfo HistoryMethod = typeof(CompiledRule).GetMethod(nameof(CompiledRule.HistoryAllows))!;

    /// <summary>Builds the definition of <paramref name="rule"/>; <paramref name="guardBit"/> is null for rules the index cannot reach.</summary>
    public static IRuleDefinition Build(CompiledRule rule, int? guardBit)
    {
        var builder = new RuleBuilder();
        builder.Name(rule.Id);
        builder.Description(rule.Name);

        // NRules breaks priority ties in network order, not authoring order: each rule gets its own priority.
        builder.Priority(-rule.Position);
        var pattern = builder.LeftHandSide().Pattern(typeof(MessageInput), "m");
        var m = pattern.Declaration.ToParameterExpression();
        if (guardBit is { } bit)
        {
            // Identical leading conditions are shared by NRules: rules under the same keywords share this node.
            var masked = Expression.And(Expression.Field(m, CandidatesField), Expression.Constant(1UL << bit));
            pattern.Condition(Expression.Lambda(Expression.NotEqual(masked, Expression.Constant(0UL)), m));
        }

        var context = Expression.Property(m, ContextProperty);
        foreach (var condition in rule.Conditions)
        {
            pattern.Condition(Expression.Lambda(condition.ToExpression(context), m));
        }

        if (rule.UsesHistory)
        {
            pattern.Condition(Expression.Lambda(Expression.Call(Expression.Constant(rule), HistoryMethod, m), m));
        }

        var session = Expression.Parameter(typeof(IContext), "ctx");
        builder.RightHandSide().Action(Expression.Lambda(Expression.Call(m, RecordMethod, session, Expression.Constant(rule)), session, m));
        return builder.Build();
    }

    /// <summary>Compiles a partition's rules into an NRules session factory.</summary>
    public static NRules.ISessionFactory Compile(IEnumerable<IRuleDefinition> definitions) =>
        new NRules.RuleCompiler { ExpressionCompiler = FastCompiler.Instance }.Compile(definitions);

    /// <summary>FastExpressionCompiler for the conditions and actions, falling back to the system compiler.</summary>
    internal sealed class FastCompiler : IExpressionCompiler
    {
        public static readonly FastCompiler Instance = new();

        public TDelegate Compile<TDelegate>(Expression<TDelegate> expression) where TDelegate : Delegate =>
            expression.CompileFast(ifFastFailedReturnNull: true) ?? expression.Compile();
    }
}
