using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Live;
using SmsPortal.Tickets;

namespace SmsPortal.Contacts;

public sealed record TicketSummary(Guid Id, string Subject, TicketStatus Status, int MessageCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record ContactDetails(
    Guid Id,
    string Number,
    string? Name,
    bool IsOptedOut,
    DateTimeOffset? OptedOutAt,
    DateTimeOffset CreatedAt,
    int InboundCount,
    IReadOnlyList<string> Tags,
    IReadOnlyList<TicketSummary> Tickets,
    ConversationStatus Status = ConversationStatus.Open,
    string? AssigneeId = null,
    DateTimeOffset? SnoozedUntil = null)
{
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Number : Name;
}

/// <summary>Contacts of one workspace: finding them, and the changes a member makes by hand.</summary>
public sealed class ContactService(IDbContextFactory<AppDbContext> dbFactory, LiveUpdates live, TimeProvider time)
{
    public const int MaxTagLength = 64;
    public const int MaxNameLength = 100;

    /// <summary>One page of the contacts <paramref name="actor"/> may see (<see cref="ConversationVisibility"/>).</summary>
    public async Task<ContactPage> ListAsync(Guid workspaceId, Actor actor, ContactQuery query, CancellationToken cancellationToken = default)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, ContactQuery.MaxPageSize);
        var page = Math.Max(1, query.Page);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var viewer = await ConversationVisibility.ViewerAsync(db, workspaceId, actor, cancellationToken);
        var contacts = ContactFilter.Apply(db, viewer, query);
        var total = await contacts.CountAsync(cancellationToken);
        var rows = await ContactFilter.Sort(contacts, query)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(c => new
            {
                c.Id, c.Number, c.Name, c.LastMessagePreview, c.LastMessageAt, c.UnreadCount, c.InboundCount, c.IsOptedOut, c.CreatedAt,
                c.Status, c.AssigneeId, c.SnoozedUntil,
                HasOpenTicket = db.Tickets.Any(t => t.ContactId == c.Id && t.Status == TicketStatus.Open),
            })
            .ToListAsync(cancellationToken);
        var tags = await TagsOfAsync(db, rows.Select(r => r.Id).ToList(), cancellationToken);
        var items = rows.Select(r => new ContactSummary(r.Id, r.Number, r.Name, r.LastMessagePreview, r.LastMessageAt, r.UnreadCount,
            r.InboundCount, r.IsOptedOut, r.HasOpenTicket, r.CreatedAt, tags.GetValueOrDefault(r.Id, []), r.Status, r.AssigneeId, r.SnoozedUntil)).ToList();
        return new ContactPage(items, total);
    }

    /// <summary>Every tag in use in the workspace, for filters.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ContactTags.Where(t => t.WorkspaceId == workspaceId).Select(t => t.Tag).Distinct().OrderBy(t => t).Take(500)
            .ToListAsync(cancellationToken);
    }

    public async Task<ContactDetails?> GetAsync(Guid workspaceId, Guid contactId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.AsNoTracking().Include(c => c.Tags)
            .SingleOrDefaultAsync(c => c.WorkspaceId == workspaceId && c.Id == contactId, cancellationToken);
        if (contact is null)
        {
            return null;
        }
        var tickets = await db.Tickets.AsNoTracking()
            .Where(t => t.WorkspaceId == workspaceId && t.ContactId == contactId)
            .OrderByDescending(t => t.CreatedAt)
            .Take(20)
            .Select(t => new TicketSummary(t.Id, t.Subject, t.Status, t.MessageCount, t.CreatedAt, t.UpdatedAt))
            .ToListAsync(cancellationToken);
        return new ContactDetails(contact.Id, contact.Number, contact.Name, contact.IsOptedOut, contact.OptedOutAt, contact.CreatedAt,
            contact.InboundCount, contact.Tags.Select(t => t.Tag).Order(StringComparer.OrdinalIgnoreCase).ToList(), tickets,
            contact.Status, contact.AssigneeId, contact.SnoozedUntil);
    }

    /// <summary>Opts a contact out (no message is sent to them any more) or back in; audited like the rule action.</summary>
    public async Task SetOptOutAsync(Guid workspaceId, Actor actor, Guid contactId, bool optedOut, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await FindAsync(db, workspaceId, contactId, cancellationToken);
        if (contact.IsOptedOut == optedOut)
        {
            return;
        }
        var now = time.GetUtcNow();
        contact.IsOptedOut = optedOut;
        contact.OptedOutAt = optedOut ? now : null;
        db.AddAudit(workspaceId, actor, optedOut ? "contact.opted_out" : "contact.opted_in", contact.Number, now, "set by hand");
        db.RaiseConsentEvent(contact, actor.Name, now);
        await db.SaveChangesAsync(cancellationToken);
        Changed(workspaceId, contactId);
    }

    /// <summary>A tag as it is stored: trimmed.</summary>
    /// <exception cref="UserInputException">Blank, too long or holding a NUL.</exception>
    public static string CleanTag(string? tag)
    {
        tag = (tag ?? "").Trim();
        if (tag.Length == 0)
        {
            throw new UserInputException("Write a tag first.");
        }
        if (tag.Contains('\0'))
        {
            throw new UserInputException("A tag cannot contain a NUL character.");
        }
        return tag.Length > MaxTagLength ? throw new UserInputException($"A tag can be at most {MaxTagLength} characters.") : tag;
    }

    /// <summary>A name as it is stored: trimmed, null when blank.</summary>
    /// <exception cref="UserInputException">Too long or holding a NUL.</exception>
    public static string? CleanName(string? name)
    {
        name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        if (name?.Contains('\0') == true)
        {
            throw new UserInputException("A name cannot contain a NUL character.");
        }
        return name?.Length > MaxNameLength ? throw new UserInputException($"A name can be at most {MaxNameLength} characters.") : name;
    }

    public async Task AddTagAsync(Guid workspaceId, Guid contactId, string tag, CancellationToken cancellationToken = default)
    {
        tag = CleanTag(tag);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await FindAsync(db, workspaceId, contactId, cancellationToken);
        if (await db.ContactTags.AnyAsync(t => t.ContactId == contact.Id && t.Tag == tag, cancellationToken))
        {
            return;
        }
        db.ContactTags.Add(new ContactTag { ContactId = contact.Id, WorkspaceId = workspaceId, Tag = tag });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Added at the same moment by a rule or another member? Then the outcome asked for is there.
            if (!await TagExistsAsync(workspaceId, contactId, tag, cancellationToken))
            {
                throw;
            }
        }
        Changed(workspaceId, contactId);
    }

    public async Task RemoveTagAsync(Guid workspaceId, Guid contactId, string tag, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var removed = await db.ContactTags.Where(t => t.WorkspaceId == workspaceId && t.ContactId == contactId && t.Tag == tag)
            .ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            Changed(workspaceId, contactId);
        }
    }

    public async Task RenameAsync(Guid workspaceId, Guid contactId, string? name, CancellationToken cancellationToken = default)
    {
        name = CleanName(name);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await FindAsync(db, workspaceId, contactId, cancellationToken);
        if (contact.Name == name)
        {
            return;
        }
        contact.Name = name;
        await db.SaveChangesAsync(cancellationToken);
        Changed(workspaceId, contactId);
    }

    internal static async Task<Dictionary<Guid, IReadOnlyList<string>>> TagsOfAsync(AppDbContext db, List<Guid> contactIds, CancellationToken cancellationToken)
    {
        if (contactIds.Count == 0)
        {
            return [];
        }
        var tags = await db.ContactTags.AsNoTracking().Where(t => contactIds.Contains(t.ContactId))
            .Select(t => new { t.ContactId, t.Tag }).ToListAsync(cancellationToken);
        return tags.GroupBy(t => t.ContactId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(t => t.Tag).Order(StringComparer.OrdinalIgnoreCase).ToList());
    }

    private static async Task<Contact> FindAsync(AppDbContext db, Guid workspaceId, Guid contactId, CancellationToken cancellationToken) =>
        await db.Contacts.SingleOrDefaultAsync(c => c.WorkspaceId == workspaceId && c.Id == contactId, cancellationToken)
            ?? throw new UserInputException("That contact was not found.");

    private async Task<bool> TagExistsAsync(Guid workspaceId, Guid contactId, string tag, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ContactTags.AnyAsync(t => t.WorkspaceId == workspaceId && t.ContactId == contactId && t.Tag == tag, cancellationToken);
    }

    private void Changed(Guid workspaceId, Guid contactId) =>
        live.Publish(new LiveUpdate(LiveUpdateKind.ContactChanged, workspaceId, contactId));
}
