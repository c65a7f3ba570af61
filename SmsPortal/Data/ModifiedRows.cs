using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace SmsPortal.Data;

/// <summary>
/// The modified rows of one entity type, written as prepared UPDATEs (<see cref="ModelSql{T}"/>: one statement per
/// set of changed columns, run once per row; on SQLite one multi-row statement) instead of SaveChanges' one command per row, which cost the processing
/// commit about 0.12 ms of the write turn per message. Guarded as SaveChanges guards them: by key and by each
/// concurrency token's original value; a row that no longer matches fails the whole write with
/// <see cref="DbUpdateConcurrencyException"/>.
/// </summary>
/// <remarks>
/// Written rows stop being tracked as modified, so SaveChanges does not write them again; <see cref="Pending.Restore"/>
/// marks them modified again when the transaction did not commit.
/// </remarks>
public abstract class ModifiedRows
{
    public static ModifiedRows Of<T>() where T : class => new Typed<T>();

    /// <summary>The modified rows of this type in <paramref name="db"/>, with their statements built.</summary>
    public abstract Pending Take(AppDbContext db);

    public sealed class Pending(
        List<(EntityEntry Entry, string[] Modified)> rows,
        List<(DbCommand Command, List<DbParameter[]> Rows)> statements,
        List<(string Sql, SqliteParameter[] Values, int Rows)>? positional = null) : IAsyncDisposable
    {
        private readonly object?[][] _originals = [.. rows.Select(r => r.Modified.Select(name => r.Entry.Property(name).OriginalValue).ToArray())];

        public int Count => rows.Count;

        /// <summary>Updates the rows in the context's current transaction and stops SaveChanges from writing them.</summary>
        public async Task ExecuteAsync(AppDbContext db, CancellationToken cancellationToken)
        {
            if (rows.Count == 0)
            {
                return;
            }
            var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            try
            {
                foreach (var (sql, values, count) in positional ?? [])
                {
                    if (SqliteStatement.Execute((SqliteConnection)db.Database.GetDbConnection(), sql, values, null) != count)
                    {
                        throw new DbUpdateConcurrencyException($"A {rows[0].Entry.Metadata.ClrType.Name} row was changed or removed since it was read.");
                    }
                }
                foreach (var (command, parameters) in statements)
                {
                    command.Transaction = transaction;
                    foreach (var row in parameters)
                    {
                        command.Parameters.Clear();
                        command.Parameters.AddRange(row);
                        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
                        {
                            throw new DbUpdateConcurrencyException($"A {rows[0].Entry.Metadata.ClrType.Name} row was changed or removed since it was read.");
                        }
                    }
                }
            }
            catch (DbException ex)
            {
                throw new DbUpdateException($"Updating {rows.Count} {rows[0].Entry.Metadata.ClrType.Name} row(s) failed: {ex.Message}", ex);
            }
            foreach (var (entry, _) in rows)
            {
                // Written: what is stored now is the original. (Marking a modified entry unchanged alone would put its old values back.)
                entry.OriginalValues.SetValues(entry.CurrentValues);
                entry.State = EntityState.Unchanged;
            }
        }

        /// <summary>The transaction did not commit: the rows are modified again, for SaveChanges or a retry.</summary>
        public void Restore()
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var (entry, modified) = rows[i];
                for (var p = 0; p < modified.Length; p++)
                {
                    // The original values (the concurrency tokens among them) guard the retry as they guarded this write.
                    entry.Property(modified[p]).OriginalValue = _originals[i][p];
                    entry.Property(modified[p]).IsModified = true;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var (command, _) in statements)
            {
                await command.DisposeAsync();
            }
        }
    }

    private static readonly int[] ChunkSizes = [128, 64, 32, 16, 8, 4, 2, 1];

    private sealed class Typed<T> : ModifiedRows where T : class
    {
        public override Pending Take(AppDbContext db)
        {
            var rows = new List<(EntityEntry, string[])>();
            var statements = new Dictionary<string, (ModelSql<T> Sql, DbCommand Command, List<DbParameter[]> Rows)>(StringComparer.Ordinal);
            var modifiedEntries = db.ChangeTracker.Entries<T>().Where(e => e.State == EntityState.Modified).ToList();
            if (db is SqliteDbContext && modifiedEntries.Count > 1 && Positional(db, modifiedEntries) is { } positional)
            {
                return positional;
            }
            foreach (var entry in modifiedEntries)
            {
                var modified = entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata).ToArray();
                var key = entry.Metadata.FindPrimaryKey()!.Properties;
                var tokens = entry.Metadata.GetProperties().Where(p => p.IsConcurrencyToken && !p.IsPrimaryKey()).ToArray();
                var template = Template(modified, key, tokens.Select(t => (t, entry.Property(t.Name).OriginalValue is null)).ToArray());
                if (!statements.TryGetValue(template, out var statement))
                {
                    var sql = ModelSql<T>.For(db, template);
                    statement = statements[template] = (sql, sql.Command(db), []);
                }
                var parameters = new List<DbParameter>();
                foreach (var property in modified)
                {
                    parameters.Add(statement.Sql.Parameter(statement.Command, property.Name, entry.Property(property.Name).CurrentValue));
                }
                foreach (var property in key)
                {
                    parameters.Add(statement.Sql.Parameter(statement.Command, property.Name + "_key", entry.Property(property.Name).CurrentValue));
                }
                foreach (var token in tokens.Where(t => entry.Property(t.Name).OriginalValue is not null))
                {
                    parameters.Add(statement.Sql.Parameter(statement.Command, token.Name + "_was", entry.Property(token.Name).OriginalValue));
                }
                statement.Rows.Add([.. parameters]);
                rows.Add((entry, modified.Select(p => p.Name).ToArray()));
            }
            return new Pending(rows, [.. statements.Values.Select(s => (s.Command, s.Rows))]);
        }

        /// <summary>
        /// On SQLite: each group of rows with the same changed columns as multi-row <c>UPDATE … FROM</c> a
        /// <c>VALUES</c> list, bound by position. One statement per up to ~999 values: the search index's trigger
        /// writes an index segment per statement, which cost 55-85 µs a row in single-row statements.
        /// </summary>
        private static Pending? Positional(AppDbContext db, List<EntityEntry<T>> entries)
        {
            var rows = new List<(EntityEntry, string[])>();
            var chunks = new List<(string, SqliteParameter[], int)>();
            var maker = (SqliteCommand)db.Database.GetDbConnection().CreateCommand();
            var key = entries[0].Metadata.FindPrimaryKey()!.Properties;
            var tokens = entries[0].Metadata.GetProperties().Where(p => p.IsConcurrencyToken && !p.IsPrimaryKey()).ToArray();
            var groups = entries.GroupBy(e => string.Join(",", e.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name))
                + "|" + string.Join(",", tokens.Select(t => e.Property(t.Name).OriginalValue is null)));
            foreach (var group in groups)
            {
                var first = group.First();
                var modified = first.Properties.Where(p => p.IsModified).Select(p => p.Metadata).ToArray();
                var guarded = tokens.Where(t => first.Property(t.Name).OriginalValue is not null).ToArray();
                var nullTokens = tokens.Except(guarded).ToArray();
                IProperty[] columns = [.. modified, .. key, .. guarded];
                if (!columns.All(SqliteStatement.Binds))
                {
                    return null;
                }
                // Statements of a few sizes only, so the texts (cached per model and text) stay few.
                var sizes = ChunkSizes.Where(n => n * columns.Length <= 999).DefaultIfEmpty(1).ToArray();
                var pending = group.ToList();
                for (var start = 0; start < pending.Count;)
                {
                    var size = sizes.First(n => n <= pending.Count - start);
                    var chunk = pending.GetRange(start, size);
                    start += size;
                    var values = new List<SqliteParameter>();
                    foreach (var entry in chunk)
                    {
                        values.AddRange(modified.Select(p => Parameter(maker, p, entry.Property(p.Name).CurrentValue)));
                        values.AddRange(key.Select(p => Parameter(maker, p, entry.Property(p.Name).CurrentValue)));
                        values.AddRange(guarded.Select(p => Parameter(maker, p, entry.Property(p.Name).OriginalValue)));
                        rows.Add((entry, modified.Select(p => p.Name).ToArray()));
                    }
                    var row = "(" + string.Join(", ", columns.Select(_ => "?")) + ")";
                    var names = string.Join(", ", columns.Select((_, i) => $"c{i}"));
                    var template = $"WITH v({names}) AS (VALUES {string.Join(", ", Enumerable.Repeat(row, chunk.Count))}) "
                        + "UPDATE {table} SET " + string.Join(", ", modified.Select((p, i) => $"{{{p.Name}}} = v.c{i}"))
                        + " FROM v WHERE " + string.Join(" AND ", key.Select((p, i) => $"{{table}}.{{{p.Name}}} = v.c{modified.Length + i}")
                            .Concat(guarded.Select((p, i) => $"{{table}}.{{{p.Name}}} = v.c{modified.Length + key.Count + i}"))
                            .Concat(nullTokens.Select(p => $"{{table}}.{{{p.Name}}} IS NULL")));
                    chunks.Add((ModelSql<T>.For(db, template).Text, [.. values], chunk.Count));
                }
            }
            return new Pending(rows, [(maker, [])], chunks);
        }

        private static SqliteParameter Parameter(DbCommand maker, IProperty property, object? value) =>
            (SqliteParameter)property.GetRelationalTypeMapping().CreateParameter(maker, "@v", value, property.IsNullable);

        private static string Template(IProperty[] modified, IReadOnlyList<IProperty> key, (IProperty Token, bool WasNull)[] tokens) =>
            "UPDATE {table} SET " + string.Join(", ", modified.Select(p => $"{{{p.Name}}} = @{p.Name}"))
            + " WHERE " + string.Join(" AND ", key.Select(p => $"{{{p.Name}}} = @{p.Name}_key")
                .Concat(tokens.Select(t => t.WasNull ? $"{{{t.Token.Name}}} IS NULL" : $"{{{t.Token.Name}}} = @{t.Token.Name}_was")));
    }
}
