using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Live;
using SmsPortal.Team;

namespace SmsPortal.Outbound;

/// <summary>Manual replies from the inbox: queued in the same outbox as auto-replies, never to an opted-out contact.</summary>
public sealed class OutboundService(
    IDbContextFactory<AppDbContext> dbFactory, OutboxSignals signals, LiveUpdates live, Abuse.SendLimiter limiter, TimeProvider time)
{
    public const int MaxLength = 1600;
    public const string TestText = "This is a test message from SmsPortal.";

    /// <summary>An id for a reply being written, to pass to <see cref="SendAsync"/> when it is sent.</summary>
    public string NewMessageId() => OpaqueId.NewTimeOrdered("out_", time);

    /// <summary>
    /// Sends a test SMS through the configured gateway to any number (the team's own phone, typically): the number
    /// becomes a contact, so the message and its delivery status show in the inbox like any other.
    /// </summary>
    public async Task<OutboundMessage> SendTestAsync(Guid workspaceId, Actor actor, string number, CancellationToken cancellationToken = default)
    {
        await MemberRoles.RequireAsync(dbFactory, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        return await SendToNumberAsync(workspaceId, actor, number, TestText, cancellationToken);
    }

    /// <summary>Sends to a number, which becomes a contact if it is not one yet (the API's send).</summary>
    public async Task<OutboundMessage> SendToNumberAsync(
        Guid workspaceId, Actor actor, string number, string text, CancellationToken cancellationToken = default, string? messageId = null)
    {
        CheckText(text);
        Guid contactId;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var contact = await Contacts.ContactRecords.FindOrAddAsync(db, workspaceId, number, time.GetUtcNow(), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            contactId = contact.Id;
        }
        return await SendAsync(workspaceId, actor, contactId, text, cancellationToken, messageId);
    }

    /// <param name="messageId">
    /// The id the person's reply was given when they started writing it (see <see cref="NewMessageId"/>): a reply
    /// sent again with the same id (its draft was restored after a crash) is the one already queued, not a second SMS.
    /// </param>
    public async Task<OutboundMessage> SendAsync(Guid workspaceId, Actor actor, Guid contactId, string text, CancellationToken cancellationToken = default, string? messageId = null)
    {
        text = CheckText(text);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // The member's role and the workspace's "own and unassigned" setting, read here: an Agent who may not see a
        // conversation may not write into it either, whether from the portal or through their API key.
        var viewer = await Contacts.ConversationVisibility.ViewerAsync(db, workspaceId, actor, cancellationToken);
        var contact = await Contacts.ConversationVisibility.Apply(db.Contacts, viewer).SingleOrDefaultAsync(c => c.Id == contactId, cancellationToken)
            ?? throw new UserInputException(Contacts.ConversationVisibility.NotFound);
        if (messageId is not null
            && await db.OutboundMessages.SingleOrDefaultAsync(m => m.Id == messageId && m.WorkspaceId == workspaceId && m.ContactId == contactId, cancellationToken) is { } queued)
        {
            return queued;
        }
        if (contact.IsOptedOut)
        {
            throw new UserInputException($"{contact.Number} has opted out and cannot be messaged.");
        }
        if (!contact.Number.StartsWith('+'))
        {
            throw new UserInputException($"'{contact.Number}' is not a phone number that can be replied to.");
        }
        limiter.Take(workspaceId);

        var now = time.GetUtcNow();
        var message = new OutboundMessage
        {
            Id = messageId ?? NewMessageId(),
            WorkspaceId = workspaceId,
            ContactId = contact.Id,
            To = contact.Number,
            Text = text,
            Origin = OutboundOrigin.Manual,
            SentBy = actor.Name,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.OutboundMessages.Add(message);
        contact.LastMessageAt = now;
        contact.LastMessagePreview = text.Length <= 200 ? text : text[..199] + "…";
        contact.UnreadCount = 0;
        await db.SaveChangesAsync(cancellationToken);
        signals.Outbound.Notify();
        live.Publish(new LiveUpdate(LiveUpdateKind.OutboundQueued, workspaceId, contact.Id, message.Id, nameof(OutboundStatus.Queued)));
        return message;
    }

    private static string CheckText(string text)
    {
        text = (text ?? "").Trim();
        if (text.Length == 0)
        {
            throw new UserInputException("Write a message first.");
        }
        if (text.Length > MaxLength)
        {
            throw new UserInputException($"A message can be at most {MaxLength} characters.");
        }
        return text;
    }
}
