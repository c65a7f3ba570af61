using NRules.RuleModel;

namespace SmsPortal.Rules.Engine;

/// <summary>
/// The message as NRules sees it: the normalised message and the activations the rules' actions record. It is the fact
/// of the always-evaluated partitions; indexed partitions get it inside their <see cref="GuardFact"/>s. Actions only
/// record: nothing here does I/O.
/// </summary>
internal sealed class MessageInput(EvaluationContext context)
{
    private List<Activation>? _fired;

    public EvaluationContext Context { get; } = context;

    /// <summary>Activations recorded so far, in the order the sessions fired them (sorted by agenda position later).</summary>
    public List<Activation>? Fired => _fired;

    /// <summary>The right-hand side of every compiled rule: render the actions, record them, halt on "stop".</summary>
    public void Record(IContext session, CompiledRule rule)
    {
        (_fired ??= new List<Activation>(2)).Add(rule.Fire(Context, rule.KeywordOf(Context)));
        if (rule.StopsProcessing)
        {
            session.Halt();
        }
    }
}
