using SmsPortal.Messages;
using SmsPortal.Contacts;
using SmsPortal.Outbound;
using SmsPortal.Processing;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Tickets;
using SmsPortal.Webhooks;

namespace SmsPortal.Tests.Inbox;

/// <summary>Rows written straight to the database, for tests that need many contacts or exact timestamps.</summary>
internal sealed class InboxTestData(PortalAppFactory app, TestEndpoint endpoint)
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    public Guid WorkspaceId => endpoint.WorkspaceId;

    public async Task<Contact> ContactAsync(string number, string? name = null, DateTimeOffset? lastMessageAt = null, int unread = 0,
        bool optedOut = false, string? preview = null, params string[] tags)
    {
        await using var db = app.CreateDbContext();
        var contact = new Contact
        {
            WorkspaceId = endpoint.WorkspaceId,
            Number = number,
            Name = name,
            CreatedAt = T0,
            LastMessageAt = lastMessageAt ?? T0,
            LastMessagePreview = preview,
            UnreadCount = unread,
            IsOptedOut = optedOut,
        };
        contact.Tags.AddRange(tags.Select(t => new ContactTag { ContactId = contact.Id, WorkspaceId = endpoint.WorkspaceId, Tag = t }));
        db.Contacts.Add(contact);
        await db.SaveChangesAsync();
        return contact;
    }

    /// <summary>Many contacts in one save; contact i's last message is at T0 + i minutes.</summary>
    public async Task<List<Contact>> ContactsAsync(int count)
    {
        await using var db = app.CreateDbContext();
        var contacts = Enumerable.Range(0, count).Select(i => new Contact
        {
            WorkspaceId = endpoint.WorkspaceId,
            Number = $"+1555{i:D7}",
            CreatedAt = T0,
            LastMessageAt = T0.AddMinutes(i),
        }).ToList();
        db.Contacts.AddRange(contacts);
        await db.SaveChangesAsync();
        return contacts;
    }

    public async Task<InboundMessage> InboundAsync(Contact contact, string text, DateTimeOffset at)
    {
        await using var db = app.CreateDbContext();
        var message = new InboundMessage
        {
            Id = $"msg_{at.UtcTicks:D20}{Guid.NewGuid():N}"[..40],
            WorkspaceId = endpoint.WorkspaceId,
            EndpointId = endpoint.Id,
            ExternalId = Guid.NewGuid().ToString("N"),
            From = contact.Number,
            Text = text,
            ReceivedAt = at,
            StoredAt = at,
            ContactId = contact.Id,
            RawPayload = "{}",
            Status = ProcessingStatus.Processed,
            ProcessedAt = at,
        };
        db.InboundMessages.Add(message);
        await db.SaveChangesAsync();
        return message;
    }

    public async Task<OutboundMessage> OutboundAsync(Contact contact, string text, DateTimeOffset at, OutboundStatus status = OutboundStatus.Sent,
        OutboundOrigin origin = OutboundOrigin.Manual, string? failureReason = null)
    {
        await using var db = app.CreateDbContext();
        var message = new OutboundMessage
        {
            Id = $"out_{at.UtcTicks:D20}{Guid.NewGuid():N}"[..40],
            WorkspaceId = endpoint.WorkspaceId,
            ContactId = contact.Id,
            To = contact.Number,
            Text = text,
            Origin = origin,
            Status = status,
            FailureReason = failureReason,
            CreatedAt = at,
            UpdatedAt = at,
        };
        db.OutboundMessages.Add(message);
        await db.SaveChangesAsync();
        return message;
    }

    public async Task FiredAsync(InboundMessage message, string ruleId, params (string Action, ActionOutcome Outcome)[] actions)
    {
        await using var db = app.CreateDbContext();
        db.ActionExecutions.Add(new ActionExecution
        {
            WorkspaceId = endpoint.WorkspaceId, MessageId = message.Id, RuleId = ruleId, RuleName = $"Rule {ruleId}",
            ActionIndex = ActionExecution.RuleFired, Action = "Fired", At = message.StoredAt,
        });
        for (var i = 0; i < actions.Length; i++)
        {
            db.ActionExecutions.Add(new ActionExecution
            {
                WorkspaceId = endpoint.WorkspaceId, MessageId = message.Id, RuleId = ruleId, RuleName = $"Rule {ruleId}",
                ActionIndex = i, Action = actions[i].Action, Outcome = actions[i].Outcome, At = message.StoredAt,
            });
        }
        await db.SaveChangesAsync();
    }

    public async Task<Ticket> TicketAsync(Contact contact, string subject, TicketStatus status = TicketStatus.Open)
    {
        await using var db = app.CreateDbContext();
        var ticket = new Ticket { WorkspaceId = endpoint.WorkspaceId, ContactId = contact.Id, Subject = subject, Status = status, CreatedAt = T0, UpdatedAt = T0 };
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync();
        return ticket;
    }
}
