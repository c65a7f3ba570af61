using SmsPortal.Common;
using SmsPortal.Data;

namespace SmsPortal.Processing;

internal static class InboundEvents
{
    /// <summary><c>message.received</c> once the message has a contact (a test delivery raises none).</summary>
    public static void RaiseReceivedEvent(this AppDbContext db, Messages.InboundMessage message, Contacts.Contact contact)
    {
        if (!message.IsTest)
        {
            db.RaiseEvent(message.WorkspaceId, EventTypes.MessageReceived,
                new MessageEventData(message.Id, "inbound", contact.Id, contact.Number, message.To, message.Text, "received", message.StoredAt), message.StoredAt);
        }
    }
}
