using SmsPortal.Rules.Compliance;

namespace SmsPortal.Rules.Engine;

/// <summary>
/// An immutable, compiled rule set: build it once per workspace with <see cref="Compilation.RuleCompiler"/>, cache it,
/// share it between threads and swap it atomically when the rules change. Evaluation keeps no state.
/// </summary>
/// <remarks>
/// The agenda (firing order) is: the built-in compliance rules (opt-out, opt-in, help), then the enabled user rules by
/// priority descending, then authoring order. A rule that fires with "stop processing" (or a stop action) ends the
/// agenda; the compliance rules always stop processing.
/// </remarks>
public sealed class CompiledRuleSet
{
    private readonly CompiledRule[] _agenda;
    private readonly (string Id, string Name)[] _disabled;
    private readonly KeywordIndex _index;

    internal CompiledRuleSet(CompiledRule[] agenda, (string Id, string Name)[] disabled)
    {
        _agenda = agenda;
        _disabled = disabled;
        _index = new KeywordIndex(agenda);
    }

    /// <summary>Number of rules on the agenda, compliance rules included (disabled rules excluded).</summary>
    public int RuleCount => _agenda.Length;

    /// <summary>Number of agenda rules reached through the keyword index (the rest are evaluated for every message).</summary>
    public int IndexedRuleCount => _index.IndexedRuleCount;

    /// <summary>Rule ids in firing order (compliance rules first).</summary>
    public IEnumerable<string> Agenda => _agenda.Select(r => r.Id);

    /// <summary>Evaluates one fact and returns the activations in firing order.</summary>
    /// <param name="fact">The message, its contact and the contact's history.</param>
    /// <param name="options">Evaluation options; pass <c>new EvaluationOptions { Trace = true }</c> for a trace.</param>
    /// <returns>The activations (and the trace when requested). Thread-safe.</returns>
    public EvaluationResult Evaluate(RuleFact fact, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fact);
        var context = new EvaluationContext(fact);
        return options is { Trace: true } ? EvaluateWithTrace(context) : EvaluateIndexed(context);
    }

    private EvaluationResult EvaluateIndexed(EvaluationContext context)
    {
        var buffer = new PositionBuffer(stackalloc int[32]);
        try
        {
            _index.CollectCandidates(context, ref buffer);
            var hits = buffer.Span;
            hits.Sort();
            var always = _index.Always;
            List<Activation>? activations = null;
            int h = 0, a = 0, last = -1;
            while (h < hits.Length || a < always.Length)
            {
                int position;
                if (a >= always.Length || (h < hits.Length && hits[h] < always[a]))
                {
                    position = hits[h++];
                }
                else
                {
                    position = always[a++];
                }

                if (position == last)
                {
                    continue;
                }

                last = position;
                if (TryFire(_agenda[position], context, out var activation))
                {
                    (activations ??= new List<Activation>(2)).Add(activation);
                    if (activation.StopsProcessing)
                    {
                        break;
                    }
                }
            }

            return activations is null ? EvaluationResult.Empty : new EvaluationResult(activations, null);
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>Reference evaluation: every rule on the agenda, no index. Used by tests to prove the index is exact.</summary>
    internal IReadOnlyList<Activation> EvaluateNaive(RuleFact fact)
    {
        var context = new EvaluationContext(fact);
        var activations = new List<Activation>();
        foreach (var rule in _agenda)
        {
            if (TryFire(rule, context, out var activation))
            {
                activations.Add(activation);
                if (activation.StopsProcessing)
                {
                    break;
                }
            }
        }

        return activations;
    }

    private static bool TryFire(CompiledRule rule, EvaluationContext context, out Activation activation)
    {
        if (rule.Matches(context, out var keyword) && rule.HistoryBlocks(context.Fact) is null)
        {
            activation = rule.Fire(context, keyword);
            return true;
        }

        activation = null!;
        return false;
    }

    private EvaluationResult EvaluateWithTrace(EvaluationContext context)
    {
        var activations = new List<Activation>();
        var traces = new List<RuleTrace>(_agenda.Length + _disabled.Length);
        CompiledRule? stoppedBy = null;
        foreach (var rule in _agenda)
        {
            var conditions = rule.Conditions.Select(c => c.Trace(context)).ToArray();
            RuleOutcome outcome;
            string reason;
            if (!rule.Matches(context, out var keyword))
            {
                outcome = RuleOutcome.ConditionsFailed;
                reason = "a condition failed";
            }
            else if (stoppedBy is not null)
            {
                outcome = RuleOutcome.SkippedAfterStop;
                reason = $"conditions passed, but rule '{stoppedBy.Name}' fired earlier and stopped processing";
            }
            else if (rule.HistoryBlocks(context.Fact) is { } blocked)
            {
                outcome = blocked;
                var last = context.Fact.Contact.LastFiredByRuleId[rule.Id];
                reason = blocked == RuleOutcome.SkippedOncePerContact
                    ? $"conditions passed, but the rule fires once per contact and already fired at {last:u}"
                    : $"conditions passed, but the rule is cooling down until {last + rule.Cooldown!.Value:u}";
            }
            else
            {
                outcome = RuleOutcome.Fired;
                reason = keyword is null ? "all conditions passed" : $"all conditions passed (keyword '{keyword}')";
                var activation = rule.Fire(context, keyword);
                activations.Add(activation);
                if (activation.StopsProcessing)
                {
                    stoppedBy = rule;
                    reason += "; stops processing";
                }
            }

            traces.Add(new RuleTrace(rule.Id, rule.Name, rule.ComplianceKind, outcome, reason, conditions));
        }

        foreach (var (id, name) in _disabled)
        {
            traces.Add(new RuleTrace(id, name, ComplianceKind.None, RuleOutcome.Disabled, "the rule is disabled", []));
        }

        return new EvaluationResult(activations, new EvaluationTrace(context.Plain.Text, traces));
    }
}
