using Microsoft.EntityFrameworkCore;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Live;
using SmsPortal.Processing;
using SmsPortal.Rules.Actions;
using SmsPortal.Rules.Compliance;
using SmsPortal.Settings;

namespace SmsPortal.Outbound.Actions;

/// <summary>
/// Queues an automatic reply in the outbox. The opt-out guard and the loop guard are checked here and again by the
/// dispatcher when the reply is sent. A reply with quiet hours waits (<see cref="OutboundMessage.NextAttemptAt"/>) while
/// it is night for the recipient; compliance confirmations never wait.
/// </summary>
internal sealed class ReplyHandler(TimeProvider time) : IRuleActionHandler
{
    public ActionKind Kind => ActionKind.Reply;

    public bool LeavesPortal => true;

    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var (contact, activation, text) = (context.Contact, context.Activation, context.Action.Text);
        var confirmsOptOut = activation.ComplianceKind == ComplianceKind.OptOut;
        if (context.Message.HoldReplies)
        {
            return ActionResult.Skipped("Held back: an old message brought in by a catch-up after a gap.");
        }
        if (contact.IsOptedOut && !confirmsOptOut)
        {
            return ActionResult.Skipped("The contact has opted out.");
        }
        if (!contact.Number.StartsWith('+'))
        {
            return ActionResult.Skipped($"'{contact.Number}' is not a phone number that can be replied to.");
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return ActionResult.Skipped("The reply is empty.");
        }
        var settings = context.Batch.Settings(contact.WorkspaceId);
        var replies = context.Batch.Memo<AutoReplyCounts>();
        // The loop guard does not hold back opt-out confirmations, so they have their own: one per window.
        if (confirmsOptOut && !await context.Batch.Memo<OptOutConfirmations>().TryTakeAsync(context, settings, cancellationToken))
        {
            return ActionResult.Skipped($"An opt-out confirmation was already sent to this contact in the last {settings.LoopGuardWindowMinutes} minutes.");
        }
        if (!confirmsOptOut && await replies.InWindowAsync(context, settings, cancellationToken) >= settings.LoopGuardMaxReplies)
        {
            return ActionResult.Skipped(
                $"Loop guard: {settings.LoopGuardMaxReplies} auto-replies to this contact in the last {settings.LoopGuardWindowMinutes} minutes.");
        }

        var heldUntil = activation.IsCompliance ? null : HeldUntil(context, settings);
        var outbound = new OutboundMessage
        {
            Id = OpaqueId.NewTimeOrdered("out_", time),
            WorkspaceId = contact.WorkspaceId,
            ContactId = contact.Id,
            To = contact.Number,
            Text = text,
            Origin = activation.IsCompliance ? OutboundOrigin.Compliance : OutboundOrigin.AutoReply,
            IsOptOutConfirmation = confirmsOptOut,
            SourceMessageId = context.Message.Id,
            RuleId = activation.RuleId,
            CreatedAt = context.Now,
            UpdatedAt = context.Now,
            NextAttemptAt = heldUntil,
        };
        context.Db.OutboundMessages.Add(outbound);
        replies.Count(contact);
        context.Result.OutboundQueued = true;
        context.Result.Updates.Add(new LiveUpdate(LiveUpdateKind.OutboundQueued, contact.WorkspaceId, contact.Id, outbound.Id, nameof(OutboundStatus.Queued)));
        return ActionResult.Done(heldUntil is null ? outbound.Id : $"{outbound.Id}, held for the recipient's quiet hours until {heldUntil:u}");
    }

    private static DateTimeOffset? HeldUntil(ActionContext context, WorkspaceSettings settings)
    {
        var replies = context.Activation.Actions.Where(a => a.IsReply).ToList();
        var ordinal = replies.FindIndex(a => ReferenceEquals(a, context.Action));
        return context.Batch.RuleSets.GetValueOrDefault(context.Contact.WorkspaceId)?.QuietHoursFor(context.Activation.RuleId, Math.Max(ordinal, 0)) is { } quiet
            ? RecipientQuietHours.HeldUntil(quiet, RecipientQuietHours.ZonesOf(context.Contact, settings.TimeZone), context.Now)
            : null;
    }

    /// <summary>Automatic replies per contact in the loop guard's window, read once per batch and then counted.</summary>
    private sealed class AutoReplyCounts
    {
        private readonly Dictionary<Guid, int> _counts = [];

        public async Task<int> InWindowAsync(ActionContext context, WorkspaceSettings settings, CancellationToken cancellationToken)
        {
            var contact = context.Contact;
            if (!_counts.TryGetValue(contact.Id, out var count))
            {
                var since = context.Now - TimeSpan.FromMinutes(settings.LoopGuardWindowMinutes);
                count = context.Batch.IsNew(contact) ? 0 : await context.Db.OutboundMessages.CountAsync(
                    o => o.ContactId == contact.Id && o.Origin != OutboundOrigin.Manual && o.CreatedAt >= since, cancellationToken);
                _counts[contact.Id] = count;
            }
            return count;
        }

        public void Count(Contact contact) => _counts[contact.Id] = _counts.GetValueOrDefault(contact.Id) + 1;
    }

    /// <summary>Contacts sent an opt-out confirmation within the loop guard's window, this batch included.</summary>
    private sealed class OptOutConfirmations
    {
        private readonly HashSet<Guid> _confirmed = [];

        public async Task<bool> TryTakeAsync(ActionContext context, WorkspaceSettings settings, CancellationToken cancellationToken)
        {
            var contact = context.Contact;
            var since = context.Now - TimeSpan.FromMinutes(settings.LoopGuardWindowMinutes);
            if (_confirmed.Contains(contact.Id) || (!context.Batch.IsNew(contact) && await context.Db.OutboundMessages.AnyAsync(
                o => o.ContactId == contact.Id && o.IsOptOutConfirmation && o.CreatedAt >= since, cancellationToken)))
            {
                return false;
            }
            _confirmed.Add(contact.Id);
            return true;
        }
    }
}
