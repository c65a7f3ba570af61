using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;
using SmsPortal.Tickets;

namespace SmsPortal.Contacts;

/// <summary>The inbox's views of conversations; <see cref="All"/> is every contact (the contacts page).</summary>
public enum ConversationView
{
    All,
    Mine,
    Unassigned,
    Open,
    Snoozed,
    Closed,
}

public enum ContactSort
{
    LastMessage,
    Number,
    Name,
}

/// <summary>One page of contacts (the inbox's conversation list or the contacts list) and the filters on it.</summary>
public sealed record ContactQuery
{
    public const int MaxPageSize = 200;

    /// <summary>Matches the number or name anywhere, or the text of a recent inbound message.</summary>
    public string? Search { get; init; }
    public bool UnreadOnly { get; init; }
    public string? Tag { get; init; }
    public bool? OptedOut { get; init; }
    public bool? OpenTicket { get; init; }
    public ConversationView View { get; init; } = ConversationView.All;
    public ContactSort Sort { get; init; } = ContactSort.LastMessage;
    public bool Descending { get; init; } = true;
    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 25;
}

public sealed record ContactSummary(
    Guid Id,
    string Number,
    string? Name,
    string? LastMessagePreview,
    DateTimeOffset LastMessageAt,
    int UnreadCount,
    int InboundCount,
    bool IsOptedOut,
    bool HasOpenTicket,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> Tags,
    ConversationStatus Status = ConversationStatus.Open,
    string? AssigneeId = null,
    DateTimeOffset? SnoozedUntil = null)
{
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Number : Name;
}

public sealed record ContactPage(IReadOnlyList<ContactSummary> Items, int Total);

internal static class ContactFilter
{
    /// <summary>
    /// Text search looks only at this many of the workspace's newest inbound messages, so its cost is bounded
    /// however large the history grows (number and name are searched on every contact).
    /// </summary>
    public const int TextSearchWindow = 5_000;

    public static IQueryable<Contact> Apply(AppDbContext db, ConversationViewer viewer, ContactQuery query)
    {
        var workspaceId = viewer.WorkspaceId;
        var contacts = ByView(ConversationVisibility.Apply(db.Contacts.AsNoTracking(), viewer), viewer, query.View);
        // A NUL is in no stored text (and PostgreSQL refuses it even as a query parameter): the search ignores it.
        if (query.Search?.Replace("\0", "").Trim() is { Length: > 0 } search)
        {
            var pattern = "%" + EscapeLike(search.Length > 100 ? search[..100] : search) + "%";
            var numberPattern = PhoneSearch.NumberPattern(search);
            var byText = db.InboundMessages
                .Where(m => m.WorkspaceId == workspaceId)
                .OrderByDescending(m => m.Id)
                .Take(TextSearchWindow)
                .Where(m => m.ContactId != null && EF.Functions.Like(m.Text, pattern, "\\"))
                .Select(m => m.ContactId!.Value);
            contacts = contacts.Where(c => EF.Functions.Like(c.Number, pattern, "\\")
                || (numberPattern != null && EF.Functions.Like(c.Number, numberPattern))
                || (c.Name != null && EF.Functions.Like(c.Name, pattern, "\\"))
                || byText.Contains(c.Id));
        }
        if (query.UnreadOnly)
        {
            contacts = contacts.Where(c => c.UnreadCount > 0);
        }
        if (query.Tag?.Trim() is { Length: > 0 } tag)
        {
            contacts = tag.Contains('\0')
                ? contacts.Where(c => false) // no tag holds a NUL (ContactService.CleanTag)
                : contacts.Where(c => db.ContactTags.Any(t => t.ContactId == c.Id && t.Tag == tag));
        }
        if (query.OptedOut is { } optedOut)
        {
            contacts = contacts.Where(c => c.IsOptedOut == optedOut);
        }
        if (query.OpenTicket is { } openTicket)
        {
            contacts = contacts.Where(c => db.Tickets.Any(t => t.ContactId == c.Id && t.Status == TicketStatus.Open) == openTicket);
        }
        return contacts;
    }

    public static IQueryable<Contact> ByView(IQueryable<Contact> contacts, ConversationViewer viewer, ConversationView view)
    {
        var me = viewer.UserId;
        return view switch
        {
            ConversationView.Mine => contacts.Where(c => c.Status == ConversationStatus.Open && c.AssigneeId != null && c.AssigneeId == me),
            ConversationView.Unassigned => contacts.Where(c => c.Status == ConversationStatus.Open && c.AssigneeId == null),
            ConversationView.Open => contacts.Where(c => c.Status == ConversationStatus.Open),
            ConversationView.Snoozed => contacts.Where(c => c.Status == ConversationStatus.Snoozed),
            ConversationView.Closed => contacts.Where(c => c.Status == ConversationStatus.Closed),
            _ => contacts,
        };
    }

    public static IQueryable<Contact> Sort(IQueryable<Contact> contacts, ContactQuery query) => (query.Sort, query.Descending) switch
    {
        (ContactSort.Number, false) => contacts.OrderBy(c => c.Number),
        (ContactSort.Number, true) => contacts.OrderByDescending(c => c.Number),
        (ContactSort.Name, false) => contacts.OrderBy(c => c.Name ?? c.Number).ThenBy(c => c.Number),
        (ContactSort.Name, true) => contacts.OrderByDescending(c => c.Name ?? c.Number).ThenByDescending(c => c.Number),
        (_, false) => contacts.OrderBy(c => c.LastMessageAt).ThenBy(c => c.Id),
        _ => contacts.OrderByDescending(c => c.LastMessageAt).ThenByDescending(c => c.Id),
    };

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[");
}
