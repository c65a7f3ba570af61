using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Data;
using SmsPortal.Live;
using SmsPortal.Notifications;
using SmsPortal.Outbound;
using SmsPortal.Rules;
using SmsPortal.Rules.Actions;
using SmsPortal.Rules.Compliance;
using SmsPortal.Rules.Engine;
using SmsPortal.Settings;
using SmsPortal.Tickets;
using SmsPortal.Webhooks;

namespace SmsPortal.Processing;

/// <summary>Thrown when one message of a batch cannot be processed; the rest of the batch is retried without it.</summary>
public sealed class MessageProcessingException(string messageId, Exception inner)
    : Exception($"Processing message {messageId} failed: {inner.Message}", inner)
{
    public string MessageId { get; } = messageId;
}

/// <summary>What a processed batch asks for once it is committed.</summary>
public sealed class ProcessedBatch
{
    public List<LiveUpdate> Updates { get; } = [];
    public List<Notification> Notifications { get; } = [];
    public bool OutboundQueued { get; set; }
    public bool ForwardQueued { get; set; }
}

/// <summary>
/// Turns stored messages into contacts, conversations and the effects of the rules that fire. All of a batch's
/// effects are added to one unit of work together with the messages' "processed" mark, so they commit together
/// or not at all, and each effect is keyed by (message, rule, action index).
/// </summary>
public sealed class InboundMessageProcessor(RuleSetCache ruleSets, TimeProvider time)
{
    private static readonly JsonSerializerOptions ForwardJson = new(JsonSerializerDefaults.Web);

    public async Task<ProcessedBatch> ProcessAsync(AppDbContext db, IReadOnlyList<InboundMessage> messages, CancellationToken cancellationToken)
    {
        var batch = new BatchState(db, time.GetUtcNow());
        var result = new ProcessedBatch();
        await batch.PrefetchAsync(messages, cancellationToken);
        foreach (var message in messages)
        {
            try
            {
                await ProcessOneAsync(batch, message, result, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new MessageProcessingException(message.Id, ex);
            }
        }
        await batch.ApplyRuleHitsAsync(cancellationToken);
        return result;
    }

    private async Task ProcessOneAsync(BatchState batch, InboundMessage message, ProcessedBatch result, CancellationToken cancellationToken)
    {
        var now = batch.Now;
        var contact = batch.ContactFor(message.WorkspaceId, batch.SenderOf(message));
        var (ruleSet, historyRules) = await ruleSets.GetEntryAsync(message.WorkspaceId, cancellationToken);

        var fact = new RuleFact(
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
        var evaluation = ruleSet.Evaluate(fact);

        message.ContactId = contact.Id;
        contact.InboundCount++;
        contact.UnreadCount++;
        if (message.StoredAt >= contact.LastMessageAt)
        {
            contact.LastMessageAt = message.StoredAt;
            contact.LastMessagePreview = Preview(message.Text);
        }

        foreach (var activation in evaluation.Activations)
        {
            batch.RecordFiring(message, contact, activation, historyRules.Contains(activation.RuleId));
            for (var index = 0; index < activation.Actions.Count; index++)
            {
                var action = activation.Actions[index];
                var (outcome, detail) = await ExecuteAsync(batch, message, contact, activation, index, action, result, cancellationToken);
                batch.Db.ActionExecutions.Add(new ActionExecution
                {
                    WorkspaceId = message.WorkspaceId,
                    MessageId = message.Id,
                    RuleId = activation.RuleId,
                    RuleName = activation.RuleName,
                    ActionIndex = index,
                    Action = action.Kind.ToString(),
                    Outcome = outcome,
                    Detail = detail is { Length: > 1000 } ? detail[..1000] : detail,
                    At = now,
                });
            }
        }

        message.Status = ProcessingStatus.Processed;
        message.ProcessedAt = now;
        message.NextAttemptAt = null;
        message.LastError = null;
        result.Updates.Add(new LiveUpdate(LiveUpdateKind.MessageReceived, message.WorkspaceId, contact.Id, message.Id));
    }

    private async Task<(ActionOutcome, string?)> ExecuteAsync(
        BatchState batch, InboundMessage message, Contact contact, Activation activation, int index, ResolvedAction action,
        ProcessedBatch result, CancellationToken cancellationToken)
    {
        var now = batch.Now;
        var db = batch.Db;
        var ruleActor = new Actor(null, $"rule: {activation.RuleName}");
        // A test delivery shows what the rules would do, but nothing leaves for a number nobody owns.
        if (message.IsTest && action.Kind is ActionKind.Reply or ActionKind.ForwardToUrl)
        {
            return (ActionOutcome.Skipped, "Test message: nothing is sent for it.");
        }
        switch (action.Kind)
        {
            case ActionKind.Reply:
            {
                var confirmsOptOut = activation.ComplianceKind == ComplianceKind.OptOut;
                if (contact.IsOptedOut && !confirmsOptOut)
                {
                    return (ActionOutcome.Skipped, "The contact has opted out.");
                }
                if (!contact.Number.StartsWith('+'))
                {
                    return (ActionOutcome.Skipped, $"'{contact.Number}' is not a phone number that can be replied to.");
                }
                if (string.IsNullOrWhiteSpace(action.Text))
                {
                    return (ActionOutcome.Skipped, "The reply is empty.");
                }
                var settings = batch.Settings(message.WorkspaceId);
                // The loop guard does not hold back opt-out confirmations, so they have their own: one per window.
                if (confirmsOptOut && !await batch.TryConfirmOptOutAsync(contact, settings, cancellationToken))
                {
                    return (ActionOutcome.Skipped, $"An opt-out confirmation was already sent to this contact in the last {settings.LoopGuardWindowMinutes} minutes.");
                }
                if (!confirmsOptOut && await batch.AutoRepliesInWindowAsync(contact, settings, cancellationToken) >= settings.LoopGuardMaxReplies)
                {
                    return (ActionOutcome.Skipped,
                        $"Loop guard: {settings.LoopGuardMaxReplies} auto-replies to this contact in the last {settings.LoopGuardWindowMinutes} minutes.");
                }
                var outbound = new OutboundMessage
                {
                    Id = OpaqueId.NewTimeOrdered("out_", time),
                    WorkspaceId = message.WorkspaceId,
                    ContactId = contact.Id,
                    To = contact.Number,
                    Text = action.Text,
                    Origin = activation.IsCompliance ? OutboundOrigin.Compliance : OutboundOrigin.AutoReply,
                    IsOptOutConfirmation = confirmsOptOut,
                    SourceMessageId = message.Id,
                    RuleId = activation.RuleId,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                db.OutboundMessages.Add(outbound);
                batch.CountAutoReply(contact);
                result.OutboundQueued = true;
                result.Updates.Add(new LiveUpdate(LiveUpdateKind.OutboundQueued, message.WorkspaceId, contact.Id, outbound.Id, nameof(OutboundStatus.Queued)));
                return (ActionOutcome.Done, outbound.Id);
            }
            case ActionKind.OptOut:
                if (contact.IsOptedOut)
                {
                    return (ActionOutcome.Skipped, "Already opted out.");
                }
                contact.IsOptedOut = true;
                contact.OptedOutAt = now;
                db.AddAudit(message.WorkspaceId, ruleActor, "contact.opted_out", contact.Number, now, $"message {message.Id}");
                result.Updates.Add(new LiveUpdate(LiveUpdateKind.ContactChanged, message.WorkspaceId, contact.Id));
                return (ActionOutcome.Done, null);
            case ActionKind.OptIn:
                if (!contact.IsOptedOut)
                {
                    return (ActionOutcome.Skipped, "Was not opted out.");
                }
                contact.IsOptedOut = false;
                contact.OptedOutAt = null;
                db.AddAudit(message.WorkspaceId, ruleActor, "contact.opted_in", contact.Number, now, $"message {message.Id}");
                result.Updates.Add(new LiveUpdate(LiveUpdateKind.ContactChanged, message.WorkspaceId, contact.Id));
                return (ActionOutcome.Done, null);
            case ActionKind.AddTag:
                if (contact.Tags.Any(t => t.Tag == action.Tag))
                {
                    return (ActionOutcome.Skipped, $"Already tagged '{action.Tag}'.");
                }
                contact.Tags.Add(new ContactTag { ContactId = contact.Id, WorkspaceId = contact.WorkspaceId, Tag = action.Tag! });
                return (ActionOutcome.Done, action.Tag);
            case ActionKind.RemoveTag:
                var tag = contact.Tags.FirstOrDefault(t => t.Tag == action.Tag);
                if (tag is null)
                {
                    return (ActionOutcome.Skipped, $"Not tagged '{action.Tag}'.");
                }
                contact.Tags.Remove(tag);
                return (ActionOutcome.Done, action.Tag);
            case ActionKind.OpenTicket:
            {
                var ticket = await batch.OpenTicketAsync(contact, cancellationToken);
                if (ticket is null)
                {
                    ticket = new Ticket
                    {
                        WorkspaceId = contact.WorkspaceId,
                        ContactId = contact.Id,
                        Subject = Truncate(action.Text ?? $"Message from {contact.Number}", 200),
                        CreatedAt = now,
                    };
                    db.Tickets.Add(ticket);
                    batch.TicketOpened(contact, ticket);
                }
                ticket.MessageCount++;
                ticket.LastMessageId = message.Id;
                ticket.UpdatedAt = now;
                return (ActionOutcome.Done, ticket.MessageCount == 1 ? "opened" : "updated");
            }
            case ActionKind.ForwardToUrl:
                db.ForwardDeliveries.Add(new ForwardDelivery
                {
                    Id = OpaqueId.NewTimeOrdered("fwd_", time),
                    WorkspaceId = message.WorkspaceId,
                    MessageId = message.Id,
                    RuleId = activation.RuleId,
                    Url = action.Url!.ToString(),
                    Payload = JsonSerializer.Serialize(new
                    {
                        type = "message.received",
                        message = new { id = message.Id, externalId = message.ExternalId, from = contact.Number, to = message.To, text = message.Text, receivedAt = message.ReceivedAt, endpointId = message.EndpointId },
                        contact = new { id = contact.Id, number = contact.Number, name = contact.Name, optedOut = contact.IsOptedOut, tags = contact.Tags.Select(t => t.Tag) },
                        rule = new { id = activation.RuleId, name = activation.RuleName, keyword = activation.Keyword },
                    }, ForwardJson),
                    CreatedAt = now,
                });
                result.ForwardQueued = true;
                return (ActionOutcome.Done, action.Url.ToString());
            case ActionKind.NotifyTeam:
                var notification = new Notification
                {
                    WorkspaceId = message.WorkspaceId,
                    At = now,
                    Text = Truncate(action.Text ?? $"{contact.Name ?? contact.Number}: {Preview(message.Text)}", 1000),
                    Team = action.Team,
                    MessageId = message.Id,
                    ContactId = contact.Id,
                    RuleId = activation.RuleId,
                };
                db.Notifications.Add(notification);
                result.Notifications.Add(notification);
                result.Updates.Add(new LiveUpdate(LiveUpdateKind.NotificationCreated, message.WorkspaceId, contact.Id, message.Id));
                return (ActionOutcome.Done, null);
            case ActionKind.Stop:
                return (ActionOutcome.Done, "No further rules run.");
            default:
                return (ActionOutcome.Skipped, $"Unknown action {action.Kind}.");
        }
    }

    private static string Preview(string text) => Truncate(text.ReplaceLineEndings(" "), 200);

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>Everything a batch reads once and then keeps in step with its own changes.</summary>
    private sealed class BatchState(AppDbContext db, DateTimeOffset now)
    {
        private readonly Dictionary<Guid, WorkspaceSettings> _settings = [];
        private readonly Dictionary<(Guid, string), Contact> _contacts = [];
        private readonly Dictionary<Guid, Dictionary<string, ContactRuleState>> _states = [];
        private readonly Dictionary<Guid, int> _autoReplies = [];
        private readonly HashSet<Guid> _optOutConfirmed = [];
        private readonly Dictionary<Guid, Ticket?> _openTickets = [];
        private readonly Dictionary<(Guid, string), (int Count, DateTimeOffset Last)> _hits = [];
        private readonly Dictionary<string, string> _senders = [];

        public AppDbContext Db { get; } = db;
        public DateTimeOffset Now { get; } = now;

        public async Task PrefetchAsync(IReadOnlyList<InboundMessage> messages, CancellationToken cancellationToken)
        {
            foreach (var group in messages.GroupBy(m => m.WorkspaceId))
            {
                var settings = await WorkspaceSettingsService.GetAsync(Db, group.Key, cancellationToken);
                _settings[group.Key] = settings;
                foreach (var message in group)
                {
                    _senders[message.Id] = E164.Normalize(message.From, settings.DefaultRegion);
                }
                var numbers = group.Select(m => _senders[m.Id]).Distinct().ToList();
                var contacts = await Db.Contacts.Include(c => c.Tags)
                    .Where(c => c.WorkspaceId == group.Key && numbers.Contains(c.Number))
                    .ToListAsync(cancellationToken);
                foreach (var contact in contacts)
                {
                    _contacts[(group.Key, contact.Number)] = contact;
                    _states[contact.Id] = [];
                }
                var contactIds = contacts.Select(c => c.Id).ToList();
                var states = await Db.ContactRuleStates.Where(s => contactIds.Contains(s.ContactId)).ToListAsync(cancellationToken);
                foreach (var state in states)
                {
                    _states[state.ContactId][state.RuleId] = state;
                }
            }
        }

        public WorkspaceSettings Settings(Guid workspaceId) => _settings[workspaceId];

        /// <summary>The sender in E.164 with the workspace's region, worked out once per message at prefetch.</summary>
        public string SenderOf(InboundMessage message) => _senders[message.Id];

        public Contact ContactFor(Guid workspaceId, string number)
        {
            if (!_contacts.TryGetValue((workspaceId, number), out var contact))
            {
                contact = new Contact { WorkspaceId = workspaceId, Number = number, CreatedAt = Now, LastMessageAt = DateTimeOffset.MinValue };
                Db.Contacts.Add(contact);
                _contacts[(workspaceId, number)] = contact;
                _states[contact.Id] = [];
                _autoReplies[contact.Id] = 0;
                _openTickets[contact.Id] = null;
            }
            return contact;
        }

        public IReadOnlyDictionary<string, DateTimeOffset> History(Contact contact) =>
            _states[contact.Id].ToDictionary(s => s.Key, s => s.Value.LastFiredAt);

        /// <param name="keepsHistory">
        /// Only rules that fire once per contact or have a cooldown read a contact's history, so only they write it:
        /// one row less per message for every other rule.
        /// </param>
        public void RecordFiring(InboundMessage message, Contact contact, Activation activation, bool keepsHistory)
        {
            var states = _states[contact.Id];
            if (keepsHistory)
            {
                if (!states.TryGetValue(activation.RuleId, out var state))
                {
                    state = new ContactRuleState { ContactId = contact.Id, WorkspaceId = contact.WorkspaceId, RuleId = activation.RuleId };
                    Db.ContactRuleStates.Add(state);
                    states[activation.RuleId] = state;
                }
                state.LastFiredAt = Now;
                state.FireCount++;
            }

            Db.ActionExecutions.Add(new ActionExecution
            {
                WorkspaceId = message.WorkspaceId,
                MessageId = message.Id,
                RuleId = activation.RuleId,
                RuleName = activation.RuleName,
                ActionIndex = ActionExecution.RuleFired,
                Action = "Fired",
                Outcome = ActionOutcome.Done,
                Detail = activation.Keyword is null ? null : $"keyword: {activation.Keyword}",
                At = Now,
            });
            if (!activation.IsCompliance)
            {
                var key = (message.WorkspaceId, activation.RuleId);
                _hits[key] = (_hits.GetValueOrDefault(key).Count + 1, Now);
            }
        }

        public async Task<int> AutoRepliesInWindowAsync(Contact contact, WorkspaceSettings settings, CancellationToken cancellationToken)
        {
            if (!_autoReplies.TryGetValue(contact.Id, out var count))
            {
                var since = Now - TimeSpan.FromMinutes(settings.LoopGuardWindowMinutes);
                count = await Db.OutboundMessages.CountAsync(
                    o => o.ContactId == contact.Id && o.Origin != OutboundOrigin.Manual && o.CreatedAt >= since, cancellationToken);
                _autoReplies[contact.Id] = count;
            }
            return count;
        }

        /// <summary>True (and counted) when no opt-out confirmation went to this contact within the loop guard's window.</summary>
        public async Task<bool> TryConfirmOptOutAsync(Contact contact, WorkspaceSettings settings, CancellationToken cancellationToken)
        {
            var since = Now - TimeSpan.FromMinutes(settings.LoopGuardWindowMinutes);
            if (_optOutConfirmed.Contains(contact.Id)
                || await Db.OutboundMessages.AnyAsync(o => o.ContactId == contact.Id && o.IsOptOutConfirmation && o.CreatedAt >= since, cancellationToken))
            {
                return false;
            }
            _optOutConfirmed.Add(contact.Id);
            return true;
        }

        public void CountAutoReply(Contact contact) => _autoReplies[contact.Id] = _autoReplies.GetValueOrDefault(contact.Id) + 1;

        public async Task<Ticket?> OpenTicketAsync(Contact contact, CancellationToken cancellationToken)
        {
            if (!_openTickets.TryGetValue(contact.Id, out var ticket))
            {
                ticket = await Db.Tickets.Where(t => t.ContactId == contact.Id && t.Status == TicketStatus.Open)
                    .OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(cancellationToken);
                _openTickets[contact.Id] = ticket;
            }
            return ticket;
        }

        public void TicketOpened(Contact contact, Ticket ticket) => _openTickets[contact.Id] = ticket;

        public async Task ApplyRuleHitsAsync(CancellationToken cancellationToken)
        {
            foreach (var ((workspaceId, ruleId), (count, last)) in _hits)
            {
                var record = await Db.Rules.FindAsync([workspaceId, ruleId], cancellationToken);
                if (record is not null)
                {
                    record.HitCount += count;
                    record.LastFiredAt = last;
                }
            }
        }
    }
}
