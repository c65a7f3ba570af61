using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SmsPortal.Contacts;
using SmsPortal.Data;

namespace SmsPortal.Search;

/// <summary>A thread item the database found, before its contact is named.</summary>
internal sealed record TextHit(SearchHitKind Kind, Guid ContactId, string ItemId, string Snippet, DateTimeOffset At);

/// <summary>
/// Full-text search over messages both ways and notes in the SQL of each provider, which returns the newest
/// <see cref="SearchRanking.Candidates"/> matches the viewer may see; <see cref="SearchRanking"/> ranks those. SQLite uses
/// its FTS5 table (filled by triggers), PostgreSQL a stored <c>tsvector</c> column per table with a GIN index
/// (migration StoredSearchVectors), and SQL Server a LIKE scan (its full-text search needs a catalog that not every
/// installation has; see docs/performance.md).
/// </summary>
internal static class TextSearch
{
    public static async Task<List<TextHit>> FindAsync(AppDbContext db, DatabaseProvider provider, ConversationViewer viewer, IReadOnlyList<string> terms, int take,
        CancellationToken cancellationToken)
    {
        if (provider is not (DatabaseProvider.Sqlite or DatabaseProvider.PostgreSql))
        {
            return SearchRanking.Best(await LikeAsync(db, viewer, terms, cancellationToken), terms, take);
        }
        // Whole words first: when they alone fill the candidates, the words they start (often many, for a short word)
        // would only be merged in to be cut off again. Otherwise words are matched as prefixes too ("parc" finds "parcel").
        var candidates = await CandidatesAsync(db, provider, viewer, terms, prefix: false, cancellationToken);
        if (candidates.Count < SearchRanking.Candidates && terms.Any(SearchRanking.IsPrefix))
        {
            candidates = await CandidatesAsync(db, provider, viewer, terms, prefix: true, cancellationToken);
        }
        return SearchRanking.Best(candidates, terms, take);
    }

    private static Task<List<SearchCandidate>> CandidatesAsync(
        AppDbContext db, DatabaseProvider provider, ConversationViewer viewer, IReadOnlyList<string> terms, bool prefix, CancellationToken cancellationToken)
    {
        bool Prefix(string term) => prefix && SearchRanking.IsPrefix(term);
        return provider == DatabaseProvider.Sqlite
            ? SqliteAsync(db, viewer, string.Join(' ', terms.Select(t => "\"" + t + "\"" + (Prefix(t) ? "*" : ""))), cancellationToken)
            : PostgresAsync(db, viewer, string.Join(" & ", terms.Select(t => Prefix(t) ? t + ":*" : t)), cancellationToken);
    }

    // Newest first through the index (rowid order is the order rows arrived), stopping at the cap: ranking every match
    // of a common word with bm25() cost 370 ms over a million rows.
    private const string SqliteSql = """
        SELECT s."Kind", s."ItemId", s."ContactId", s."At", s."Text"
        FROM "SearchIndex" s JOIN "Contacts" c ON c."Id" = s."ContactId"
        WHERE "SearchIndex" MATCH @match AND s."WorkspaceId" = @workspace
          AND (@me IS NULL OR c."AssigneeId" IS NULL OR c."AssigneeId" = @me)
        ORDER BY s.rowid DESC LIMIT @take
        """;

    private static readonly DateTimeOffsetToBinaryConverter SqliteTime = new();

    /// <param name="match">Each word quoted (no FTS5 operator survives); all must occur.</param>
    private static async Task<List<SearchCandidate>> SqliteAsync(AppDbContext db, ConversationViewer viewer, string match, CancellationToken cancellationToken) =>
        await ReadAsync(db, SqliteSql, [("match", match), ("workspace", viewer.WorkspaceId.ToString().ToUpperInvariant()), ("me", Restriction(viewer)), ("take", SearchRanking.Candidates)],
            r => new SearchCandidate(KindOf(r.GetString(0)), Guid.Parse(r.GetString(2)), r.GetString(1), r.GetString(4),
                (DateTimeOffset)SqliteTime.ConvertFromProvider(r.GetInt64(3))!), cancellationToken);

    // Each table newest first with the cap: the planner reads a rare word's rows from the GIN index and walks a common
    // word's newest rows backwards through the (WorkspaceId, Id/CreatedAt) index, so neither ranks every match. The
    // tsquery is written out in each WHERE (not read from a CTE) so the planner sees the words and can use the
    // statistics of the stored tsvector columns to tell a rare word from a common one.
    private const string PostgresSql = """
        SELECT * FROM (
            (SELECT 'in' AS kind, m."Id" AS id, m."ContactId" AS contact, m."StoredAt" AS at, m."Text" AS text
             FROM "InboundMessages" m
             WHERE m."WorkspaceId" = @workspace AND m."ContactId" IS NOT NULL AND m."SearchVector" @@ to_tsquery('simple', @query)
               AND (@me::text IS NULL OR EXISTS (SELECT 1 FROM "Contacts" c WHERE c."Id" = m."ContactId" AND (c."AssigneeId" IS NULL OR c."AssigneeId" = @me::text)))
             ORDER BY m."Id" DESC LIMIT @take)
            UNION ALL
            (SELECT 'out', m."Id", m."ContactId", m."CreatedAt", m."Text"
             FROM "OutboundMessages" m
             WHERE m."WorkspaceId" = @workspace AND m."SearchVector" @@ to_tsquery('simple', @query)
               AND (@me::text IS NULL OR EXISTS (SELECT 1 FROM "Contacts" c WHERE c."Id" = m."ContactId" AND (c."AssigneeId" IS NULL OR c."AssigneeId" = @me::text)))
             ORDER BY m."CreatedAt" DESC LIMIT @take)
            UNION ALL
            (SELECT 'note', n."Id", n."ContactId", n."CreatedAt", n."Text"
             FROM "ConversationNotes" n
             WHERE n."WorkspaceId" = @workspace AND n."SearchVector" @@ to_tsquery('simple', @query)
               AND (@me::text IS NULL OR EXISTS (SELECT 1 FROM "Contacts" c WHERE c."Id" = n."ContactId" AND (c."AssigneeId" IS NULL OR c."AssigneeId" = @me::text)))
             ORDER BY n."CreatedAt" DESC LIMIT @take)
        ) hits ORDER BY at DESC LIMIT @take
        """;

    /// <param name="query">A <c>to_tsquery</c> of letters and digits only, joined by <c>&amp;</c>.</param>
    private static async Task<List<SearchCandidate>> PostgresAsync(AppDbContext db, ConversationViewer viewer, string query, CancellationToken cancellationToken) =>
        await ReadAsync(db, PostgresSql, [("query", query), ("workspace", viewer.WorkspaceId), ("me", Restriction(viewer)), ("take", SearchRanking.Candidates)],
            r => new SearchCandidate(KindOf(r.GetString(0)), r.GetGuid(2), r.GetString(1), r.GetString(4), r.GetFieldValue<DateTimeOffset>(3)), cancellationToken);

    /// <summary>SQL Server: every word as a LIKE on the text, newest first (a scan; slow on a long history).</summary>
    private static async Task<List<SearchCandidate>> LikeAsync(AppDbContext db, ConversationViewer viewer, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        var ws = viewer.WorkspaceId;
        var take = SearchRanking.Candidates;
        var visible = ConversationVisibility.Apply(db.Contacts.AsNoTracking(), viewer).Select(c => c.Id);
        var inbound = db.InboundMessages.Where(m => m.WorkspaceId == ws && m.ContactId != null && visible.Contains(m.ContactId.Value));
        var outbound = db.OutboundMessages.Where(m => m.WorkspaceId == ws && visible.Contains(m.ContactId));
        var notes = db.ConversationNotes.Where(n => n.WorkspaceId == ws && visible.Contains(n.ContactId));
        foreach (var pattern in terms.Select(t => "%" + t + "%"))
        {
            inbound = inbound.Where(m => EF.Functions.Like(m.Text, pattern));
            outbound = outbound.Where(m => EF.Functions.Like(m.Text, pattern));
            notes = notes.Where(n => EF.Functions.Like(n.Text, pattern));
        }
        var found = new List<SearchCandidate>();
        found.AddRange((await inbound.OrderByDescending(m => m.StoredAt).Take(take).Select(m => new { m.ContactId, m.Id, m.Text, m.StoredAt }).ToListAsync(cancellationToken))
            .Select(m => new SearchCandidate(SearchHitKind.Inbound, m.ContactId!.Value, m.Id, m.Text, m.StoredAt)));
        found.AddRange((await outbound.OrderByDescending(m => m.CreatedAt).Take(take).Select(m => new { m.ContactId, m.Id, m.Text, m.CreatedAt }).ToListAsync(cancellationToken))
            .Select(m => new SearchCandidate(SearchHitKind.Outbound, m.ContactId, m.Id, m.Text, m.CreatedAt)));
        found.AddRange((await notes.OrderByDescending(n => n.CreatedAt).Take(take).ToListAsync(cancellationToken))
            .Select(n => new SearchCandidate(SearchHitKind.Note, n.ContactId, n.Id, n.Text, n.CreatedAt)));
        return found.OrderByDescending(h => h.At).Take(take).ToList();
    }

    private static object? Restriction(ConversationViewer viewer) => viewer.OwnAndUnassignedOnly ? viewer.UserId : null;

    private static SearchHitKind KindOf(string kind) => kind switch
    {
        "in" => SearchHitKind.Inbound,
        "out" => SearchHitKind.Outbound,
        _ => SearchHitKind.Note,
    };

    private static async Task<List<SearchCandidate>> ReadAsync(AppDbContext db, string sql, (string Name, object? Value)[] parameters, Func<DbDataReader, SearchCandidate> read,
        CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null)
            {
                parameter.DbType = System.Data.DbType.String;
            }
            command.Parameters.Add(parameter);
        }
        var hits = new List<SearchCandidate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(read(reader));
        }
        return hits;
    }
}
