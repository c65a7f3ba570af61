using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SmsPortal.ApiKeys;
using SmsPortal.Contacts;
using SmsPortal.Data;

namespace SmsPortal.Api;

/// <summary>
/// Contacts and conversations of one workspace as the API pages them (changes go through <see cref="ContactService"/>),
/// as the key's viewer may see them (<see cref="ApiViewer"/>).
/// </summary>
public sealed class ApiContacts(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>By number; <paramref name="search"/>, <paramref name="tag"/> and <paramref name="optedOut"/> filter like the contacts page.</summary>
    public async Task<ApiPage<ApiContact>> ListAsync(
        ApiKeyIdentity key, string? search, string? tag, bool? optedOut, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var take = ApiCursor.Limit(limit);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = ContactFilter.Apply(db, await key.ViewerAsync(db, cancellationToken), new ContactQuery { Search = search, Tag = tag, OptedOut = optedOut });
        if (cursor is not null)
        {
            var after = ApiCursor.Decode(cursor, 1)[0];
            query = query.Where(c => string.Compare(c.Number, after) > 0);
        }
        var rows = await query.OrderBy(c => c.Number).Take(take + 1).ToListAsync(cancellationToken);
        var tags = await ContactService.TagsOfAsync(db, rows.Select(r => r.Id).ToList(), cancellationToken);
        var contacts = rows.Select(c => Resource(c, tags.GetValueOrDefault(c.Id, []))).ToList();
        return ApiCursor.Page(contacts, take, c => ApiCursor.Encode(c.Number));
    }

    public async Task<ApiContact?> GetAsync(ApiKeyIdentity key, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var visible = ConversationVisibility.Apply(db.Contacts.AsNoTracking(), await key.ViewerAsync(db, cancellationToken));
        var contact = await visible.Include(c => c.Tags).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        return contact is null ? null : Resource(contact, contact.Tags.Select(t => t.Tag).Order(StringComparer.OrdinalIgnoreCase).ToList());
    }

    public async Task<ApiPage<ApiConversation>> ConversationsAsync(ApiKeyIdentity key, bool unreadOnly, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var take = ApiCursor.Limit(limit);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = ConversationVisibility.Apply(db.Contacts.AsNoTracking(), await key.ViewerAsync(db, cancellationToken)).Where(c => !unreadOnly || c.UnreadCount > 0);
        if (cursor is not null)
        {
            var parts = ApiCursor.Decode(cursor, 2);
            var before = long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
                ? new DateTimeOffset(ticks, TimeSpan.Zero)
                : throw new Common.UserInputException("The cursor is not one this API returned; start again without it.");
            var number = parts[1];
            query = query.Where(c => c.LastMessageAt < before || (c.LastMessageAt == before && string.Compare(c.Number, number) > 0));
        }
        var rows = await query.OrderByDescending(c => c.LastMessageAt).ThenBy(c => c.Number).Take(take + 1).ToListAsync(cancellationToken);
        return ApiCursor.Page(rows.Select(Conversation).ToList(), take,
            c => ApiCursor.Encode(c.LastMessageAt.UtcTicks.ToString(CultureInfo.InvariantCulture), c.Number));
    }

    public async Task<ApiConversation?> ConversationAsync(ApiKeyIdentity key, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var visible = ConversationVisibility.Apply(db.Contacts.AsNoTracking(), await key.ViewerAsync(db, cancellationToken));
        var contact = await visible.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        return contact is null ? null : Conversation(contact);
    }

    /// <summary>The weak ETag of what <c>PATCH</c> edits.</summary>
    public static string ETagOf(ApiContact contact) =>
        ApiETag.Of($"{contact.Name}\n{string.Join('\n', contact.Tags)}\n{contact.OptedOut}");

    private static ApiContact Resource(Contact c, IReadOnlyList<string> tags) =>
        new(c.Id, c.Number, c.Name, tags, c.IsOptedOut, c.OptedOutAt, c.CreatedAt, c.InboundCount);

    private static ApiConversation Conversation(Contact c) =>
        new(c.Id, c.Number, c.Name, c.LastMessageAt, c.LastMessagePreview, c.UnreadCount, c.IsOptedOut);
}
