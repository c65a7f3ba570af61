using NRules.Diagnostics;
using SmsPortal.Rules.Compliance;

namespace SmsPortal.Rules.Engine;

/// <summary>
/// Evaluation for the test console: every partition runs in a fresh NRules session with every guard open, and the
/// trace is read from the session's events — each condition evaluated (passed or failed) or never reached, each rule
/// fired, and rules whose conditions passed after a stop.
/// </summary>
internal sealed class TraceEvaluation
{
    private readonly CompiledRuleSet _set;
    private readonly List<bool>?[] _results;
    private readonly bool[] _fired;
    private readonly Dictionary<string, int> _positions;

    private TraceEvaluation(CompiledRuleSet set)
    {
        _set = set;
        _results = new List<bool>?[set.RuleCount];
        _fired = new bool[set.RuleCount];
        _positions = set.Rules.ToDictionary(r => r.Id, r => r.Position, StringComparer.Ordinal);
    }

    public static EvaluationResult Run(CompiledRuleSet set, EvaluationContext context, (string Id, string Name)[] disabled)
    {
        var trace = new TraceEvaluation(set);
        var input = new MessageInput(context);
        foreach (var partition in set.Network.Partitions)
        {
            var session = partition.Factory.CreateSession();
            session.Events.LhsExpressionEvaluatedEvent += trace.OnCondition;
            session.Events.RuleFiredEvent += trace.OnFired;
            session.InsertAll(partition.AllFacts(input));
            session.Fire();
        }

        var activations = RuleNetwork.Merge(input.Fired) ?? [];
        var rules = trace.RuleTraces(context);
        rules.AddRange(disabled.Select(d => new RuleTrace(d.Id, d.Name, ComplianceKind.None, RuleOutcome.Disabled, "the rule is disabled", [])));
        return new EvaluationResult(activations, new EvaluationTrace(context.Plain.Text, rules));
    }

    private void OnCondition(object? sender, LhsExpressionEventArgs e)
    {
        var passed = e.Exception is null && e.Result is true;
        foreach (var rule in e.Rules)
        {
            // A shared node reports once for all its rules; each rule's conditions are reached in order.
            (_results[_positions[rule.Name]] ??= []).Add(passed);
        }
    }

    private void OnFired(object? sender, AgendaEventArgs e) => _fired[_positions[e.Rule.Name]] = true;

    private List<RuleTrace> RuleTraces(EvaluationContext context)
    {
        var traces = new List<RuleTrace>(_set.RuleCount);
        CompiledRule? stoppedBy = null;
        foreach (var rule in _set.Rules)
        {
            var results = _results[rule.Position] ?? [];
            var conditions = new ConditionTrace[rule.Conditions.Length];
            for (var i = 0; i < conditions.Length; i++)
            {
                var node = rule.Conditions[i];
                conditions[i] = i < results.Count
                    ? node.Trace(context) with { Passed = results[i] }
                    : new ConditionTrace(node.Field, node.Type, false, "not evaluated: an earlier condition failed", []) { Evaluated = false };
            }

            var historyAllows = !rule.UsesHistory || (conditions.Length < results.Count && results[conditions.Length]);
            var (outcome, reason) = Outcome(rule, context, conditions.All(c => c.Passed), historyAllows, stoppedBy);
            // A rule NRules fired in another partition after the stop is the only firing the merge drops.
            if (outcome == RuleOutcome.Fired != _fired[rule.Position] && outcome != RuleOutcome.SkippedAfterStop)
            {
                throw new InvalidOperationException($"NRules' events disagree on rule '{rule.Id}': outcome {outcome}, fired {_fired[rule.Position]}");
            }

            if (outcome == RuleOutcome.Fired && rule.StopsProcessing)
            {
                stoppedBy = rule;
            }

            traces.Add(new RuleTrace(rule.Id, rule.Name, rule.ComplianceKind, outcome, reason, conditions));
        }

        return traces;
    }

    private static (RuleOutcome, string) Outcome(CompiledRule rule, EvaluationContext context, bool passed, bool historyAllows, CompiledRule? stoppedBy)
    {
        if (!passed)
        {
            return (RuleOutcome.ConditionsFailed, "a condition failed");
        }

        if (stoppedBy is not null)
        {
            return (RuleOutcome.SkippedAfterStop, $"conditions passed, but rule '{stoppedBy.Name}' fired earlier and stopped processing");
        }

        if (!historyAllows)
        {
            var blocked = rule.HistoryBlocks(context.Fact)!.Value;
            var last = context.Fact.Contact.LastFiredByRuleId[rule.Id];
            return (blocked, blocked == RuleOutcome.SkippedOncePerContact
                ? $"conditions passed, but the rule fires once per contact and already fired at {last:u}"
                : $"conditions passed, but the rule is cooling down until {last + rule.Cooldown!.Value:u}");
        }

        var keyword = rule.KeywordOf(context);
        var reason = keyword is null ? "all conditions passed" : $"all conditions passed (keyword '{keyword}')";
        return (RuleOutcome.Fired, rule.StopsProcessing ? reason + "; stops processing" : reason);
    }
}
