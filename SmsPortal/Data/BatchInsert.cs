using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace SmsPortal.Data;

/// <summary>
/// Multi-row INSERTs for hot paths, built once from the EF model (table, columns and each column's provider
/// conversion), so rows skip change tracking and per-row statements. With a conflict key the database settles
/// duplicates itself (<c>ON CONFLICT DO NOTHING</c> on SQLite and PostgreSQL, <c>NOT EXISTS</c> under
/// <c>UPDLOCK, HOLDLOCK</c> on SQL Server) and reports the key of each row it did insert.
/// </summary>
public sealed class BatchInsert<T> where T : class
{
    private static readonly ConcurrentDictionary<(IModel, string?, string), BatchInsert<T>> Cache = new();
    private static readonly int[] ChunkSizes = [256, 64, 32, 16, 8, 4, 2, 1];
    /// <summary>SQL Server takes at most 2,100 parameters per command.</summary>
    private const int SqlServerMaxParameters = 2000;

    private readonly IProperty[] _columns;
    private readonly int[] _chunkSizes;
    /// <summary>
    /// On SQLite, statements bound by position (<see cref="SqliteStatement"/>) when every column's provider type is
    /// one it binds; Microsoft.Data.Sqlite's binding by name costs the square of a statement's parameters.
    /// </summary>
    private readonly bool _positional;
    private readonly Func<int, string> _placeholder;
    /// <summary>SQLite's old default limit of host parameters, under today's 32,766, keeping each statement's parse short.</summary>
    private const int SqliteMaxParameters = 999;
    private readonly IProperty? _returned;
    private readonly string _head;
    private readonly Func<int, string> _statement;
    private readonly ConcurrentDictionary<int, string> _statements = new();

    private BatchInsert(AppDbContext db, string? returnedProperty, string[] conflictKey)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(table)!);
        _columns = [.. entity.GetProperties().Where(p => !StoreGenerated(p))];
        var maxParameters = db switch { SqlServerDbContext => SqlServerMaxParameters, SqliteDbContext => SqliteMaxParameters, _ => int.MaxValue };
        _positional = db is SqliteDbContext && _columns.All(SqliteStatement.Binds);
        _placeholder = _positional ? (_ => "?") : (n => "@p" + n);
        _chunkSizes = [.. ChunkSizes.Where(s => s * _columns.Length <= maxParameters).DefaultIfEmpty(1)];
        _returned = returnedProperty is null ? null : entity.FindProperty(returnedProperty);
        var tableName = sql.DelimitIdentifier(table.Name, table.Schema);
        var columns = string.Join(", ", _columns.Select(Column));
        _head = $"INSERT INTO {tableName} ({columns})";
        var returned = _returned is null ? null : Column(_returned);
        var key = conflictKey.Select(k => Column(entity.FindProperty(k)!)).ToArray();

        _statement = db is SqlServerDbContext
            ? rows => SqlServer(rows, tableName, columns, returned, key)
            : rows => _head + " VALUES " + Values(rows)
                + (key.Length > 0 ? $" ON CONFLICT ({string.Join(", ", key)}) DO NOTHING" : "")
                + (returned is null ? "" : $" RETURNING {returned}");
    }

    /// <summary>The statement for <paramref name="db"/>'s model; <paramref name="returnedProperty"/> is read back for every row inserted.</summary>
    public static BatchInsert<T> For(AppDbContext db, string? returnedProperty = null, params string[] conflictKey) =>
        Cache.GetOrAdd((db.Model, returnedProperty, string.Join(",", conflictKey)), _ => new BatchInsert<T>(db, returnedProperty, conflictKey));

    /// <summary>Inserts <paramref name="rows"/> in the context's current transaction; returns the returned property of the rows inserted.</summary>
    public async Task<List<object>> ExecuteAsync(AppDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken = default)
    {
        await using var statements = Prepare(db, rows);
        return await ExecuteAsync(db, statements, cancellationToken);
    }

    /// <summary>
    /// The statements that insert <paramref name="rows"/>, with their parameters made, to run later with
    /// <see cref="ExecuteAsync(AppDbContext, Statements, CancellationToken)"/>: a writer that takes a turn at the
    /// database builds them before its turn. The caller disposes them.
    /// </summary>
    public Statements Prepare(AppDbContext db, IReadOnlyList<T> rows)
    {
        var connection = db.Database.GetDbConnection();
        if (_positional)
        {
            // The command only makes the parameters (each value converted and typed by its mapping); SQLite binds them by position.
            var maker = connection.CreateCommand();
            var chunks = new List<(string Sql, SqliteParameter[] Values)>();
            for (var start = 0; start < rows.Count;)
            {
                var size = _chunkSizes.First(s => s <= rows.Count - start);
                var values = new SqliteParameter[size * _columns.Length];
                for (var r = 0; r < size; r++)
                {
                    Parameters(maker, rows[start + r], r).CopyTo(values, r * _columns.Length);
                }
                chunks.Add((_statements.GetOrAdd(size, _statement), values));
                start += size;
            }
            return new Statements([maker], chunks);
        }
        var commands = new List<DbCommand>();
        for (var start = 0; start < rows.Count;)
        {
            var size = _chunkSizes.First(s => s <= rows.Count - start);
            var command = connection.CreateCommand();
            command.CommandText = _statements.GetOrAdd(size, _statement);
            for (var r = 0; r < size; r++)
            {
                command.Parameters.AddRange(Parameters(command, rows[start + r], r));
            }
            commands.Add(command);
            start += size;
        }
        return new Statements(commands, null);
    }

    /// <summary>Runs statements from <see cref="Prepare"/> in the context's current transaction; returns the returned property of the rows inserted.</summary>
    public async Task<List<object>> ExecuteAsync(AppDbContext db, Statements statements, CancellationToken cancellationToken = default)
    {
        var inserted = new List<object>();
        if (statements.Positional is { } chunks)
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            // Statements outside a transaction would each commit (and flush) on their own.
            await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            foreach (var (sql, values) in chunks)
            {
                SqliteStatement.Execute(connection, sql, values, _returned is null ? null : inserted);
            }
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
            return inserted;
        }
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var command in statements.Commands)
        {
            command.Transaction = transaction;
            await ExecuteAsync(command, inserted, cancellationToken);
        }
        return inserted;
    }

    private async Task ExecuteAsync(DbCommand command, List<object> inserted, CancellationToken cancellationToken)
    {
        if (_returned is null)
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return;
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            inserted.Add(reader.GetValue(0));
        }
    }

    private DbParameter[] Parameters(DbCommand command, T row, int rowInStatement)
    {
        var parameters = new DbParameter[_columns.Length];
        for (var c = 0; c < _columns.Length; c++)
        {
            var column = _columns[c];
            parameters[c] = column.GetRelationalTypeMapping()
                .CreateParameter(command, $"@p{rowInStatement * _columns.Length + c}", column.GetGetter().GetClrValueUsingContainingEntity(row), column.IsNullable);
        }
        return parameters;
    }

    /// <summary>Statements built by <see cref="Prepare"/>: multi-row commands, or (SQLite) statements bound by position.</summary>
    public sealed class Statements(List<DbCommand> commands, List<(string Sql, SqliteParameter[] Values)>? positional) : IAsyncDisposable
    {
        internal List<DbCommand> Commands { get; } = commands;
        internal List<(string Sql, SqliteParameter[] Values)>? Positional { get; } = positional;

        public async ValueTask DisposeAsync()
        {
            foreach (var command in Commands)
            {
                await command.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A value the database makes (an identity key, a computed column), so the INSERT leaves it out. A Guid key
    /// and a column with a default are set by EF before the row is added, and are written like any other.
    /// </summary>
    private static bool StoreGenerated(IProperty property) => property.ValueGenerated switch
    {
        ValueGenerated.Never => false,
        ValueGenerated.OnAdd => property.IsPrimaryKey() && property.ClrType != typeof(Guid) && property.ClrType != typeof(string),
        _ => true,
    };

    private string Values(int rows)
    {
        var text = new StringBuilder();
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < _columns.Length; c++)
            {
                text.Append(c == 0 ? "" : ", ").Append(_placeholder(r * _columns.Length + c));
            }
            text.Append(')');
        }
        return text.ToString();
    }

    private string SqlServer(int rows, string table, string columns, string? returned, string[] key)
    {
        var output = returned is null ? "" : $" OUTPUT INSERTED.{returned}";
        if (key.Length == 0)
        {
            return $"{_head}{output} VALUES {Values(rows)}";
        }
        var match = string.Join(" AND ", key.Select(k => $"t.{k} = v.{k}"));
        return $"{_head}{output} SELECT {columns} FROM (VALUES {Values(rows)}) AS v ({columns}) "
            + $"WHERE NOT EXISTS (SELECT 1 FROM {table} t WITH (UPDLOCK, HOLDLOCK) WHERE {match})";
    }
}
