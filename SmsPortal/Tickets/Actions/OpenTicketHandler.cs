using Microsoft.EntityFrameworkCore;
using SmsPortal.Common;
using SmsPortal.Processing;
using SmsPortal.Rules.Actions;

namespace SmsPortal.Tickets.Actions;

/// <summary>Opens a ticket for the contact, or adds the message to the one already open.</summary>
internal sealed class OpenTicketHandler : IRuleActionHandler
{
    public ActionKind Kind => ActionKind.OpenTicket;

    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var contact = context.Contact;
        var openTickets = context.Batch.Memo<Dictionary<Guid, Ticket?>>();
        if (!openTickets.TryGetValue(contact.Id, out var ticket))
        {
            ticket = context.Batch.IsNew(contact) ? null : await context.Db.Tickets
                .Where(t => t.ContactId == contact.Id && t.Status == TicketStatus.Open)
                .OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        }
        if (ticket is null)
        {
            ticket = new Ticket
            {
                WorkspaceId = contact.WorkspaceId,
                ContactId = contact.Id,
                Subject = (context.Action.Text ?? $"Message from {contact.Number}").Truncate(200),
                CreatedAt = context.Now,
            };
            context.Db.Tickets.Add(ticket);
            context.Db.RaiseEvent(contact.WorkspaceId, EventTypes.TicketOpened,
                new TicketEventData(ticket.Id, contact.Id, contact.Number, ticket.Subject, context.Message.Id), context.Now);
        }
        openTickets[contact.Id] = ticket;
        ticket.MessageCount++;
        ticket.LastMessageId = context.Message.Id;
        ticket.UpdatedAt = context.Now;
        return ActionResult.Done(ticket.MessageCount == 1 ? "opened" : "updated");
    }
}
