using NRules.RuleModel;

namespace SmsPortal.Rules.Engine;

/// <summary>
/// The one fact inserted into an NRules session per message: the normalised message, the keyword index's verdict for
/// the partition being run, and the activations the rules' actions record. Actions only record: nothing here does I/O.
/// </summary>
internal sealed class MessageInput(EvaluationContext context)
{
    private List<Activation>? _fired;

    public EvaluationContext Context { get; } = context;

    /// <summary>Guard bits of the partition being run: bit i is set when the index found a candidate under guard i.</summary>
    public ulong Candidates;

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
