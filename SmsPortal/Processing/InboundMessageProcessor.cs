using SmsPortal.Messages;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Data;
using SmsPortal.Live;
using SmsPortal.Rules.Actions;
using SmsPortal.Rules.Engine;
using SmsPortal.RuleSets;
using SmsPortal.Webhooks;

namespace SmsPortal.Processing;

/// <summary>
/// Turns stored messages into contacts and conversations, runs the workspace's rules and hands each action of a
/// fired rule to the <see cref="IRuleActionHandler"/> for its kind. All of a batch's effects are added to one unit
/// of work together with the messages' "processed" mark, so they commit together or not at all, and each effect is
/// keyed by (message, rule, action index).
/// </summary>
public sealed class InboundMessageProcessor(
    RuleSetCache ruleSets, IEnumerable<IRuleActionHandler> handlers, TimeProvider time, EventWebhooks.EventInterest? interest = null)
{
    private readonly Dictionary<ActionKind, IRuleActionHandler> _handlers = handlers.ToDictionary(h => h.Kind);

    public async Task<ProcessedBatch> ProcessAsync(AppDbContext db, IReadOnlyList<InboundMessage> messages, CancellationToken cancellationToken)
    {
        var batch = new BatchState(db, time.GetUtcNow(), interest);
        await batch.PrefetchAsync(messages, cancellationToken);
        foreach (var message in messages)
        {
            try
            {
                await ProcessOneAsync(batch, message, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new MessageProcessingException(message.Id, ex);
            }
        }
        return batch.Result;
    }

    private async Task ProcessOneAsync(BatchState batch, InboundMessage message, CancellationToken cancellationToken)
    {
        var contact = batch.ContactFor(message.WorkspaceId, batch.SenderOf(message));
        var entry = await ruleSets.GetEntryAsync(message.WorkspaceId, cancellationToken);
        batch.RuleSets[message.WorkspaceId] = entry;
        var (ruleSet, historyRules, version) = entry;
        var evaluation = ruleSet.Evaluate(Fact(batch, message, contact));

        message.ContactId = contact.Id;
        contact.InboundCount++;
        contact.UnreadCount++;
        contact.ReceivedInbound(batch.Now);
        if (message.StoredAt >= contact.LastMessageAt)
        {
            contact.LastMessageAt = message.StoredAt;
            contact.LastMessagePreview = message.Text.Preview();
        }

        foreach (var activation in evaluation.Activations)
        {
            batch.RecordFiring(message, contact, activation, historyRules.Contains(activation.RuleId), version);
            for (var index = 0; index < activation.Actions.Count; index++)
            {
                var action = activation.Actions[index];
                var result = await ExecuteAsync(new ActionContext(batch, message, contact, activation, action), cancellationToken);
                batch.Db.ActionExecutions.Add(ActionExecution.For(message, activation, index, action.Kind.ToString(), result, batch.Now, version));
            }
        }

        message.Status = ProcessingStatus.Processed;
        message.ProcessedAt = batch.Now;
        message.NextAttemptAt = null;
        message.LastError = null;
        batch.Result.Updates.Add(new LiveUpdate(LiveUpdateKind.MessageReceived, message.WorkspaceId, contact.Id, message.Id));
        if (batch.Wants(message.WorkspaceId, EventTypes.MessageReceived))
        {
            batch.Db.RaiseReceivedEvent(message, contact);
        }
    }

    private static RuleFact Fact(BatchState batch, InboundMessage message, Contact contact) => new(
        new MessageFact(message.Text, message.EndpointId, message.ReceivedAt),
        new ContactFact
        {
            Number = contact.Number,
            Name = contact.Name,
            IsNew = contact.InboundCount == 0,
            IsOptedOut = contact.IsOptedOut,
            Tags = contact.Tags.Select(t => t.Tag).ToList(),
            LastFiredByRuleId = batch.History(contact),
        });

    private ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(context.Action.Kind, out var handler))
        {
            return ValueTask.FromResult(ActionResult.Skipped($"Unknown action {context.Action.Kind}."));
        }
        // A test delivery shows what the rules would do, but nothing leaves for a number nobody owns.
        return context.Message.IsTest && handler.LeavesPortal
            ? ValueTask.FromResult(ActionResult.Skipped("Test message: nothing is sent for it."))
            : handler.ExecuteAsync(context, cancellationToken);
    }
}
