using SmsPortal.Common;
using SmsPortal.Data;

namespace SmsPortal.Contacts;

internal static class ContactEvents
{
    /// <summary><c>contact.opted_out</c> or <c>contact.opted_in</c>, as the contact now is.</summary>
    public static void RaiseConsentEvent(this AppDbContext db, Contact contact, string source, DateTimeOffset at) =>
        db.RaiseEvent(contact.WorkspaceId, contact.IsOptedOut ? EventTypes.ContactOptedOut : EventTypes.ContactOptedIn,
            new ContactEventData(contact.Id, contact.Number, contact.Name, contact.IsOptedOut, source), at);
}
