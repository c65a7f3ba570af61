using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Live;

namespace SmsPortal.Contacts;

/// <summary>Contacts added by number (the API, a test SMS) and deleted with their conversation.</summary>
public sealed class ContactRecords(IDbContextFactory<AppDbContext> dbFactory, ContactService contacts, LiveUpdates live, TimeProvider time)
{
    /// <summary>E.164 allows 15 digits after the plus; a little more room for numbers the library cannot place.</summary>
    public const int MaxNumberLength = 20;

    /// <summary>The workspace's contact for <paramref name="number"/>, added (not yet saved) if there is none.</summary>
    /// <exception cref="UserInputException">Not a phone number.</exception>
    public static async Task<Contact> FindOrAddAsync(AppDbContext db, Guid workspaceId, string number, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = await Settings.WorkspaceSettingsService.GetAsync(db, workspaceId, cancellationToken);
        var e164 = E164.Normalize(number ?? "", settings.DefaultRegion);
        if (!e164.StartsWith('+') || e164.Length is < 8 or > MaxNumberLength)
        {
            throw new UserInputException($"'{number}' is not a phone number (use +15551234567, or a national number for {settings.DefaultRegion}).");
        }
        var contact = await db.Contacts.SingleOrDefaultAsync(c => c.WorkspaceId == workspaceId && c.Number == e164, cancellationToken);
        if (contact is null)
        {
            contact = new Contact { WorkspaceId = workspaceId, Number = e164, CreatedAt = now, LastMessageAt = now };
            db.Contacts.Add(contact);
        }
        return contact;
    }

    /// <summary>Adds a contact; one that exists already with that number is refused.</summary>
    public async Task<Guid> CreateAsync(Guid workspaceId, string number, string? name, IEnumerable<string> tags, CancellationToken cancellationToken = default)
    {
        // Checked before anything is written, so a refused request leaves no contact behind.
        name = ContactService.CleanName(name);
        var cleanTags = tags.Select(ContactService.CleanTag).ToList();
        Guid id;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var contact = await FindOrAddAsync(db, workspaceId, number, time.GetUtcNow(), cancellationToken);
            if (db.Entry(contact).State != EntityState.Added)
            {
                throw new UserInputException($"{contact.Number} is a contact already (id {contact.Id}).");
            }
            await db.SaveChangesAsync(cancellationToken);
            id = contact.Id;
        }
        await contacts.RenameAsync(workspaceId, id, name, cancellationToken);
        foreach (var tag in cleanTags)
        {
            await contacts.AddTagAsync(workspaceId, id, tag, cancellationToken);
        }
        return id;
    }

    /// <summary>Deletes the contact and its whole conversation (messages both ways, tickets, tags), audited.</summary>
    public async Task DeleteAsync(Guid workspaceId, Actor actor, Guid contactId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.SingleOrDefaultAsync(c => c.WorkspaceId == workspaceId && c.Id == contactId, cancellationToken)
            ?? throw new UserInputException("That contact was not found.");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.InboundMessages.Where(m => m.WorkspaceId == workspaceId && m.ContactId == contactId).ExecuteDeleteAsync(cancellationToken);
        db.Contacts.Remove(contact);
        db.AddAudit(workspaceId, actor, "contact.deleted", contact.Number, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        live.Publish(new LiveUpdate(LiveUpdateKind.ContactChanged, workspaceId, contactId));
    }
}
