namespace SmsPortal.Rules.Engine;

/// <summary>
/// An immutable, compiled rule set: build it once per workspace with <see cref="Compilation.RuleCompiler"/>, cache it,
/// share it between threads and swap it atomically when the rules change. It holds the NRules session factories the
/// rules were compiled into; evaluation keeps no state between messages.
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
    private readonly RuleNetwork _network;

    internal CompiledRuleSet(CompiledRule[] agenda, (string Id, string Name)[] disabled, PartitionLimits? limits = null)
    {
        for (var position = 0; position < agenda.Length; position++)
        {
            agenda[position].Position = position;
        }

        _agenda = agenda;
        _disabled = disabled;
        _network = new RuleNetwork(agenda, limits ?? PartitionLimits.Default);
    }

    /// <summary>Number of rules on the agenda, compliance rules included (disabled rules excluded).</summary>
    public int RuleCount => _agenda.Length;

    /// <summary>Number of agenda rules reached through the keyword index (the rest are evaluated for every message).</summary>
    public int IndexedRuleCount => _network.Index.IndexedRuleCount;

    /// <summary>Number of NRules session factories the agenda was compiled into.</summary>
    public int PartitionCount => _network.Partitions.Count;

    /// <summary>Rule ids in firing order (compliance rules first).</summary>
    public IEnumerable<string> Agenda => _agenda.Select(r => r.Id);

    internal IReadOnlyList<CompiledRule> Rules => _agenda;

    internal RuleNetwork Network => _network;

    /// <summary>Evaluates one fact and returns the activations in firing order.</summary>
    /// <param name="fact">The message, its contact and the contact's history.</param>
    /// <param name="options">Evaluation options; pass <c>new EvaluationOptions { Trace = true }</c> for a trace.</param>
    /// <returns>The activations (and the trace when requested). Thread-safe.</returns>
    public EvaluationResult Evaluate(RuleFact fact, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fact);
        var context = new EvaluationContext(fact);
        if (options is { Trace: true })
        {
            return TraceEvaluation.Run(this, context, _disabled);
        }

        return _network.Run(context) is { } activations ? new EvaluationResult(activations, null) : EvaluationResult.Empty;
    }
}
