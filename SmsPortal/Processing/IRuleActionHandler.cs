using SmsPortal.Messages;
using SmsPortal.Audit;
using SmsPortal.Contacts;
using SmsPortal.Data;
using SmsPortal.Rules.Actions;
using SmsPortal.Rules.Engine;
using SmsPortal.Webhooks;

namespace SmsPortal.Processing;

/// <summary>
/// Carries out one kind of rule action. Each lives in the feature whose rows it changes (replies in Outbound, tags in
/// Contacts, …) and is registered there; the processor only finds the handler for an action's kind. A handler adds
/// its rows to <see cref="ActionContext.Db"/> and never saves: the batch commits everything with the messages'
/// processed mark, or nothing.
/// </summary>
public interface IRuleActionHandler
{
    ActionKind Kind { get; }

    /// <summary>True for actions that reach someone outside the portal; they are skipped for test deliveries.</summary>
    bool LeavesPortal => false;

    ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken);
}

/// <summary>One action of one fired rule, for one message, within a batch.</summary>
public sealed record ActionContext(BatchState Batch, InboundMessage Message, Contact Contact, Activation Activation, ResolvedAction Action)
{
    public AppDbContext Db => Batch.Db;

    public DateTimeOffset Now => Batch.Now;

    /// <summary>What the batch asks for once it is committed (live updates, waking the dispatchers).</summary>
    public ProcessedBatch Result => Batch.Result;

    /// <summary>Who audit entries name for changes the rule makes.</summary>
    public Actor RuleActor => new(null, $"rule: {Activation.RuleName}");
}

/// <summary>What an action did, as the execution log records it.</summary>
public readonly record struct ActionResult(ActionOutcome Outcome, string? Detail)
{
    public static ActionResult Done(string? detail = null) => new(ActionOutcome.Done, detail);

    public static ActionResult Skipped(string detail) => new(ActionOutcome.Skipped, detail);
}
