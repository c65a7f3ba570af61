using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Contacts;
using SmsPortal.Data;

namespace SmsPortal.Search;

/// <summary>
/// Search over a workspace's whole history, as the actor may see it: contacts by name and by number in any format
/// (an exact E.164 match first), then messages and notes by full-text rank.
/// </summary>
public sealed class SearchService(IDbContextFactory<AppDbContext> dbFactory, DatabaseOptions database)
{
    public const int MaxHits = 50;
    private const int MaxContactHits = 10;

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(Guid workspaceId, Actor actor, string? query, int take = 25, CancellationToken cancellationToken = default)
    {
        query = (query ?? "").Trim();
        if (query.Length > 200)
        {
            query = query[..200];
        }
        var terms = SearchText.Terms(query);
        if (terms.Count == 0)
        {
            return [];
        }
        take = Math.Clamp(take, 1, MaxHits);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var viewer = await ConversationVisibility.ViewerAsync(db, workspaceId, actor, cancellationToken);
        var contacts = await ContactHitsAsync(db, viewer, query, terms, cancellationToken);
        var text = PhoneSearch.LooksLikeNumber(query) ? [] : await TextSearch.FindAsync(db, database.Provider, viewer, terms, take, cancellationToken);
        var labels = await LabelsAsync(db, workspaceId, text.Select(h => h.ContactId).Distinct().ToList(), cancellationToken);
        return contacts
            .Concat(text.Where(h => labels.ContainsKey(h.ContactId))
                .Select(h => new SearchHit(h.Kind, h.ContactId, labels[h.ContactId], h.ItemId, h.Snippet, h.At)))
            .Take(take)
            .ToList();
    }

    private static async Task<List<SearchHit>> ContactHitsAsync(AppDbContext db, ConversationViewer viewer, string query, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        var visible = ConversationVisibility.Apply(db.Contacts.AsNoTracking(), viewer);
        var region = await db.WorkspaceSettings.Where(s => s.WorkspaceId == viewer.WorkspaceId).Select(s => s.DefaultRegion).FirstOrDefaultAsync(cancellationToken) ?? "US";
        var exact = PhoneSearch.Exact(query, region);
        var digits = PhoneSearch.NumberPattern(query);
        IQueryable<Contact> matches;
        if (digits is not null)
        {
            matches = visible.Where(c => c.Number == exact || EF.Functions.Like(c.Number, digits));
        }
        else
        {
            var name = "%" + string.Join('%', terms) + "%";
            // Lower-cased in SQL too: PostgreSQL's LIKE is case-sensitive, and the terms are lower case.
            matches = visible.Where(c => c.Name != null && EF.Functions.Like(c.Name.ToLower(), name));
        }
        // The exact number first in SQL (not only among the newest matches); an expression no index can order by also
        // keeps SQLite from walking the LastMessageAt index row by row when the LIKE matches few contacts.
        var found = await matches.OrderBy(c => c.Number == exact ? 0 : 1).ThenByDescending(c => c.LastMessageAt).Take(MaxContactHits)
            .Select(c => new { c.Id, c.Number, c.Name, c.LastMessageAt }).ToListAsync(cancellationToken);
        return found
            .Select(c => new SearchHit(SearchHitKind.Contact, c.Id, Label(c.Name, c.Number), null,
                digits is null ? SearchText.Mark(c.Name!, terms) : $"{SearchText.MarkStart}{c.Number}{SearchText.MarkEnd}", c.LastMessageAt))
            .ToList();
    }

    private static async Task<Dictionary<Guid, string>> LabelsAsync(AppDbContext db, Guid workspaceId, List<Guid> ids, CancellationToken cancellationToken) =>
        ids.Count == 0
            ? []
            : (await db.Contacts.AsNoTracking().Where(c => c.WorkspaceId == workspaceId && ids.Contains(c.Id)).Select(c => new { c.Id, c.Name, c.Number })
                .ToListAsync(cancellationToken)).ToDictionary(c => c.Id, c => Label(c.Name, c.Number));

    private static string Label(string? name, string number) => string.IsNullOrWhiteSpace(name) ? number : $"{name} ({number})";
}
