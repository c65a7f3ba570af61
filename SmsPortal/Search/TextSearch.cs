using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SmsPortal.Contacts;
using SmsPortal.Data;

namespace SmsPortal.Search;

/// <summary>A thread item the database found, before its contact is named.</summary>
internal sealed record TextHit(SearchHitKind Kind, Guid ContactId, string ItemId, string Snippet, DateTimeOffset At);

/// <summary>
/// Full-text search over messages both ways and notes, best match first, in the SQL of each provider: SQLite's FTS5
/// table (filled by triggers), PostgreSQL's <c>to_tsvector</c> with GIN indexes, and on SQL Server a LIKE scan
/// (its full-text search needs a catalog that not every installation has; see docs/performance.md).
/// </summary>
internal static class TextSearch
{
    public static Task<List<TextHit>> FindAsync(AppDbContext db, DatabaseProvider provider, ConversationViewer viewer, IReadOnlyList<string> terms, int take,
        CancellationToken cancellationToken) => provider switch
    {
        DatabaseProvider.Sqlite => SqliteAsync(db, viewer, terms, take, cancellationToken),
        DatabaseProvider.PostgreSql => PostgresAsync(db, viewer, terms, take, cancellationToken),
        _ => LikeAsync(db, viewer, terms, take, cancellationToken),
    };

    private const string SqliteSql = """
        SELECT "SearchIndex"."Kind", "SearchIndex"."ItemId", "SearchIndex"."ContactId", "SearchIndex"."At",
               snippet("SearchIndex", 0, char(2), char(3), '…', 14)
        FROM "SearchIndex" JOIN "Contacts" c ON c."Id" = "SearchIndex"."ContactId"
        WHERE "SearchIndex" MATCH @match AND "SearchIndex"."WorkspaceId" = @workspace
          AND (@me IS NULL OR c."AssigneeId" IS NULL OR c."AssigneeId" = @me)
        ORDER BY rank LIMIT @take
        """;

    private static readonly DateTimeOffsetToBinaryConverter SqliteTime = new();

    private static async Task<List<TextHit>> SqliteAsync(AppDbContext db, ConversationViewer viewer, IReadOnlyList<string> terms, int take, CancellationToken cancellationToken)
    {
        // Each word is quoted (no FTS5 operator survives) and matched as a prefix; all must occur.
        var match = string.Join(' ', terms.Select(t => "\"" + t + "\"*"));
        return await ReadAsync(db, SqliteSql, [("match", match), ("workspace", viewer.WorkspaceId.ToString().ToUpperInvariant()), ("me", Restriction(viewer)), ("take", take)],
            r => new TextHit(KindOf(r.GetString(0)), Guid.Parse(r.GetString(2)), r.GetString(1), r.GetString(4),
                (DateTimeOffset)SqliteTime.ConvertFromProvider(r.GetInt64(3))!), cancellationToken);
    }

    private const string PostgresSql = """
        WITH q AS (SELECT to_tsquery('simple', @query) AS q),
        hits AS (
            SELECT 'in' AS kind, m."Id" AS id, m."ContactId" AS contact, m."StoredAt" AS at, m."Text" AS text, ts_rank(to_tsvector('simple', m."Text"), q.q) AS rank
            FROM "InboundMessages" m, q WHERE m."WorkspaceId" = @workspace AND m."ContactId" IS NOT NULL AND to_tsvector('simple', m."Text") @@ q.q
            UNION ALL
            SELECT 'out', m."Id", m."ContactId", m."CreatedAt", m."Text", ts_rank(to_tsvector('simple', m."Text"), q.q)
            FROM "OutboundMessages" m, q WHERE m."WorkspaceId" = @workspace AND to_tsvector('simple', m."Text") @@ q.q
            UNION ALL
            SELECT 'note', n."Id", n."ContactId", n."CreatedAt", n."Text", ts_rank(to_tsvector('simple', n."Text"), q.q)
            FROM "ConversationNotes" n, q WHERE n."WorkspaceId" = @workspace AND to_tsvector('simple', n."Text") @@ q.q),
        best AS (
            SELECT hits.* FROM hits JOIN "Contacts" c ON c."Id" = hits.contact
            WHERE (@me::text IS NULL OR c."AssigneeId" IS NULL OR c."AssigneeId" = @me::text)
            ORDER BY rank DESC, at DESC LIMIT @take)
        SELECT kind, id, contact, at,
               ts_headline('simple', text, q.q, 'MaxFragments=1, MaxWords=18, MinWords=6, StartSel=' || chr(2) || ', StopSel=' || chr(3))
        FROM best, q ORDER BY rank DESC, at DESC
        """;

    private static async Task<List<TextHit>> PostgresAsync(AppDbContext db, ConversationViewer viewer, IReadOnlyList<string> terms, int take, CancellationToken cancellationToken)
    {
        var query = string.Join(" & ", terms.Select(t => t + ":*"));
        return await ReadAsync(db, PostgresSql, [("query", query), ("workspace", viewer.WorkspaceId), ("me", Restriction(viewer)), ("take", take)],
            r => new TextHit(KindOf(r.GetString(0)), r.GetGuid(2), r.GetString(1), r.GetString(4), r.GetFieldValue<DateTimeOffset>(3)), cancellationToken);
    }

    /// <summary>SQL Server: every word as a LIKE on the text, newest first (a scan; slow on a long history).</summary>
    private static async Task<List<TextHit>> LikeAsync(AppDbContext db, ConversationViewer viewer, IReadOnlyList<string> terms, int take, CancellationToken cancellationToken)
    {
        var ws = viewer.WorkspaceId;
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
        var found = new List<TextHit>();
        found.AddRange((await inbound.OrderByDescending(m => m.StoredAt).Take(take).Select(m => new { m.ContactId, m.Id, m.Text, m.StoredAt }).ToListAsync(cancellationToken))
            .Select(m => new TextHit(SearchHitKind.Inbound, m.ContactId!.Value, m.Id, m.Text, m.StoredAt)));
        found.AddRange((await outbound.OrderByDescending(m => m.CreatedAt).Take(take).Select(m => new { m.ContactId, m.Id, m.Text, m.CreatedAt }).ToListAsync(cancellationToken))
            .Select(m => new TextHit(SearchHitKind.Outbound, m.ContactId, m.Id, m.Text, m.CreatedAt)));
        found.AddRange((await notes.OrderByDescending(n => n.CreatedAt).Take(take).ToListAsync(cancellationToken))
            .Select(n => new TextHit(SearchHitKind.Note, n.ContactId, n.Id, n.Text, n.CreatedAt)));
        return found.OrderByDescending(h => h.At).Take(take).Select(h => h with { Snippet = SearchText.Mark(h.Snippet, terms) }).ToList();
    }

    private static object? Restriction(ConversationViewer viewer) => viewer.OwnAndUnassignedOnly ? viewer.UserId : null;

    private static SearchHitKind KindOf(string kind) => kind switch
    {
        "in" => SearchHitKind.Inbound,
        "out" => SearchHitKind.Outbound,
        _ => SearchHitKind.Note,
    };

    private static async Task<List<TextHit>> ReadAsync(AppDbContext db, string sql, (string Name, object? Value)[] parameters, Func<DbDataReader, TextHit> read,
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
        var hits = new List<TextHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(read(reader));
        }
        return hits;
    }
}
