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
/// the message: the fact of the rule's keyword-index guard (<see cref="GuardFact"/>, whose type is the guard; guard 0
/// for a rule the index cannot reach), carrying the <see cref="MessageInput"/>. Its conditions are, in order: one per
/// top-level no-code condition (nested all/any/not compiled into one lambda), and the history check (once per
/// contact, cooldown).
/// The action records the rendered actions and halts the session when the rule stops processing.
/// </summary>
internal static class NRulesDefinitions
{
    private static readonly PropertyInfo InputProperty = typeof(GuardFact).GetProperty(nameof(GuardFact.Input))!;
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
        // Rules under the same keywords share a guard, so NRules files them under one type node.
        var pattern = builder.LeftHandSide().Pattern(GuardFact.TypeOf(guardBit ?? 0), "m");
        var m = pattern.Declaration.ToParameterExpression();
        var input = Expression.Property(m, InputProperty);
        var context = Expression.Property(input, ContextProperty);
        foreach (var condition in rule.Conditions)
        {
            pattern.Condition(Expression.Lambda(condition.ToExpression(context), m));
        }

        if (rule.UsesHistory)
        {
            pattern.Condition(Expression.Lambda(Expression.Call(Expression.Constant(rule), HistoryMethod, input), m));
        }

        var session = Expression.Parameter(typeof(IContext), "ctx");
        builder.RightHandSide().Action(Expression.Lambda(Expression.Call(input, RecordMethod, session, Expression.Constant(rule)), session, m));
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
