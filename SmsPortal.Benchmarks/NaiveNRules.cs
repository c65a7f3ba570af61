using System.Linq.Expressions;
using System.Text.RegularExpressions;
using NRules;
using NRules.RuleModel;
using NRules.RuleModel.Builders;
using SmsPortal.Rules.Compilation;

namespace SmsPortal.Benchmarks;

/// <summary>
/// The naive way to put these rules into NRules, as a peer: one rule per keyword with its test as the only condition
/// (<c>m.FirstWord == "kw5"</c>), and one new session per message (CreateSession + Insert + Fire).
/// </summary>
internal sealed class NaiveNRules
{
    private readonly ISessionFactory _factory;

    private NaiveNRules(IEnumerable<IRuleDefinition> rules) => _factory = Compile(rules);

    /// <summary>The keyword rules of <see cref="RuleSets.KeywordRules"/>.</summary>
    public static NaiveNRules Keywords(int count) => new(Enumerable.Range(0, count).Select(i => Rule($"kw{i}", m => i % 2 == 0
        ? Expression.Equal(Expression.Property(m, nameof(PeerInput.FirstWord)), Expression.Constant($"kw{i}"))
        : Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(string)], Expression.Property(m, nameof(PeerInput.Words)), Expression.Constant($"kw{i}")))));

    /// <summary>The regex and contains-phrase rules of <see cref="RuleSets.RegexAndPhraseRules"/>.</summary>
    public static NaiveNRules RegexAndPhrase(int count) => new(Enumerable.Range(0, count).Select(i => Rule($"rx{i}", m => i % 2 == 0
        ? Expression.Call(Expression.Constant(new Regex($@"\bkw{i}\b.*\d", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)), nameof(Regex.IsMatch), null, Expression.Property(m, nameof(PeerInput.Raw)))
        : Expression.Call(Expression.Property(m, nameof(PeerInput.Padded)), nameof(string.Contains), null, Expression.Constant($" kw{i} what ")))));

    /// <summary>Compile time of <paramref name="count"/> keyword rules.</summary>
    public static int CompileKeywords(int count) => Keywords(count)._factory.GetHashCode();

    /// <summary>Evaluates one message: a new session, the message normalised and inserted, the agenda fired.</summary>
    public int Evaluate(string message)
    {
        var session = _factory.CreateSession();
        session.Insert(PeerInput.From(message));
        return session.Fire();
    }

    private static IRuleDefinition Rule(string name, Func<ParameterExpression, Expression> condition)
    {
        var builder = new RuleBuilder();
        builder.Name(name);
        var pattern = builder.LeftHandSide().Pattern(typeof(PeerInput), "m");
        var m = pattern.Declaration.ToParameterExpression();
        pattern.Condition(Expression.Lambda(condition(m), m));
        builder.RightHandSide().Action(Expression.Lambda(Expression.Empty(), Expression.Parameter(typeof(IContext), "ctx"), m));
        return builder.Build();
    }

    private static ISessionFactory Compile(IEnumerable<IRuleDefinition> rules) =>
        new NRules.RuleCompiler { ExpressionCompiler = NRulesDefinitions.FastCompiler.Instance }.Compile(rules);
}
