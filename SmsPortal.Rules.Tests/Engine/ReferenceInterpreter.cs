using SmsPortal.Rules.Actions;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Compliance;
using SmsPortal.Rules.Conditions;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;

namespace SmsPortal.Rules.Tests.Engine;

/// <summary>
/// The oracle for the NRules-backed engine: walks the rule model itself, rule by rule, in the documented agenda order
/// (compliance, then priority descending, then authoring order), with its own all/any/not, stop, once-per-contact and
/// cooldown. Only the leaf tests (a keyword lookup, a regex, business hours) and template rendering are the library's.
/// </summary>
internal sealed class ReferenceInterpreter
{
    private readonly List<Entry> _agenda = [];

    public ReferenceInterpreter(IEnumerable<RuleDefinition> rules, ComplianceSettings? compliance = null)
    {
        var errors = new ErrorSink();
        foreach (var rule in ComplianceRules.Build(compliance, errors))
        {
            _agenda.Add(new Entry(rule.Id, null, [new Leaf(rule.Conditions[0])], rule.Actions, Stops: true, OncePerContact: false, Cooldown: null));
        }

        var user = rules.Select((rule, index) => (rule, index)).Where(r => r.rule.Enabled)
            .OrderByDescending(r => r.rule.Priority).ThenBy(r => r.index);
        foreach (var (rule, _) in user)
        {
            var conditions = rule.Conditions.Select((c, i) => Node.Of(c, $"conditions[{i}]", errors)).ToArray();
            var actions = ActionCompiler.CompileList(rule.Actions, errors);
            var stops = rule.Options.StopProcessing || rule.Actions.Any(a => a is StopAction);
            _agenda.Add(new Entry(rule.Id, rule, conditions, actions, stops, rule.Options.OncePerContact, rule.Options.Cooldown));
        }

        Assert.Equal(0, errors.Count);
    }

    /// <summary>"rule/keyword/kind:text,…" per firing rule, in firing order.</summary>
    public IReadOnlyList<string> Evaluate(RuleFact fact)
    {
        var context = new EvaluationContext(fact);
        var fired = new List<string>();
        foreach (var entry in _agenda)
        {
            string? keyword = null;
            if (!entry.Conditions.All(c => c.Test(context, ref keyword)) || Blocked(entry, fact))
            {
                continue;
            }

            fired.Add(Describe(entry.Id, keyword, entry.Actions.Select(a => a.Resolve(context, keyword))));
            if (entry.Stops)
            {
                break;
            }
        }

        return fired;
    }

    public static string Describe(string ruleId, string? keyword, IEnumerable<ResolvedAction> actions) =>
        $"{ruleId}/{keyword}/{string.Join(",", actions.Select(x => $"{x.Kind}:{x.Text}:{x.Tag}"))}";

    private static bool Blocked(Entry entry, RuleFact fact)
    {
        if (!fact.Contact.LastFiredByRuleId.TryGetValue(entry.Id, out var last))
        {
            return false;
        }

        return entry.OncePerContact || (entry.Cooldown is { } cooldown && fact.Message.ReceivedAt < last + cooldown);
    }

    private sealed record Entry(string Id, RuleDefinition? Rule, Node[] Conditions, CompiledAction[] Actions, bool Stops, bool OncePerContact, TimeSpan? Cooldown);

    private abstract class Node
    {
        /// <summary>Tests the condition; a passing condition sets <paramref name="keyword"/> when it is still null.</summary>
        public abstract bool Test(EvaluationContext context, ref string? keyword);

        public static Node Of(Condition condition, string field, ErrorSink errors) => condition switch
        {
            AllCondition all => new All(all.Conditions.Select((c, i) => Of(c, $"{field}.conditions[{i}]", errors)).ToArray()),
            AnyCondition any => new Any(any.Conditions.Select((c, i) => Of(c, $"{field}.conditions[{i}]", errors)).ToArray()),
            NotCondition not => new Not(Of(not.Condition, $"{field}.condition", errors)),
            _ => new Leaf(ConditionCompiler.Compile(condition, field, errors)!),
        };
    }

    private sealed class Leaf(CompiledCondition leaf) : Node
    {
        public override bool Test(EvaluationContext context, ref string? keyword)
        {
            if (!leaf.Evaluate(context, out var found))
            {
                return false;
            }

            keyword ??= found;
            return true;
        }
    }

    private sealed class All(Node[] children) : Node
    {
        public override bool Test(EvaluationContext context, ref string? keyword)
        {
            string? first = null;
            foreach (var child in children)
            {
                if (!child.Test(context, ref first))
                {
                    return false;
                }
            }

            keyword ??= first;
            return true;
        }
    }

    private sealed class Any(Node[] children) : Node
    {
        public override bool Test(EvaluationContext context, ref string? keyword)
        {
            foreach (var child in children)
            {
                string? found = null;
                if (child.Test(context, ref found))
                {
                    keyword ??= found;
                    return true;
                }
            }

            return false;
        }
    }

    private sealed class Not(Node child) : Node
    {
        public override bool Test(EvaluationContext context, ref string? keyword)
        {
            string? ignored = null;
            return !child.Test(context, ref ignored);
        }
    }
}
