using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using SQLitePCL;

namespace SmsPortal.Data;

/// <summary>
/// Runs one statement with positional (<c>?</c>) parameters straight through SQLite's API, binding each value by
/// its position. Microsoft.Data.Sqlite binds by name, and SQLite finds each name by walking the statement's list,
/// so a multi-row INSERT of a few hundred parameters spent most of its time in <c>strncmp</c> (11 % of a drain's CPU);
/// statements of one row each would avoid that but cost more elsewhere: a table with a full-text trigger (the
/// search index) writes a new index segment per statement. The values are the parameters EF's type mappings made, bound
/// as Microsoft.Data.Sqlite binds them, for the types it binds without formatting (<see cref="Binds"/>).
/// </summary>
internal static class SqliteStatement
{
    private static readonly HashSet<Type> Bindable =
        [typeof(string), typeof(long), typeof(int), typeof(short), typeof(byte), typeof(sbyte), typeof(ushort), typeof(uint),
         typeof(bool), typeof(double), typeof(float), typeof(byte[]), typeof(Guid)];

    /// <summary>Whether the column's values (as its type mapping converts them) are bound here exactly as Microsoft.Data.Sqlite binds them.</summary>
    public static bool Binds(IProperty column)
    {
        var mapping = column.GetRelationalTypeMapping();
        var type = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
        return Bindable.Contains(Nullable.GetUnderlyingType(type) ?? type) || type.IsEnum;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> on the open <paramref name="connection"/>; column 0 of each row it returns goes to
    /// <paramref name="returned"/>. Returns the rows it changed.
    /// </summary>
    public static int Execute(SqliteConnection connection, string sql, IReadOnlyList<SqliteParameter> values, List<object>? returned)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        using (statement)
        {
            Check(rc, db);
            for (var i = 0; i < values.Count; i++)
            {
                Check(Bind(statement, i + 1, values[i]), db);
            }
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                returned?.Add(Column(statement));
            }
            if (rc != raw.SQLITE_DONE)
            {
                Check(rc, db);
            }
            return raw.sqlite3_changes(db);
        }
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    private static int Bind(sqlite3_stmt statement, int index, SqliteParameter parameter) => parameter.Value switch
    {
        null or DBNull => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int or short or byte or sbyte or ushort or uint or Enum => raw.sqlite3_bind_int64(statement, index, Convert.ToInt64(parameter.Value)),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        double number when double.IsNaN(number) => throw new InvalidOperationException("SQLite cannot store NaN."),
        double number => raw.sqlite3_bind_double(statement, index, number),
        float number => raw.sqlite3_bind_double(statement, index, number),
        byte[] { Length: 0 } => raw.sqlite3_bind_zeroblob(statement, index, 0),
        byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
        Guid guid when parameter.SqliteType == SqliteType.Blob => raw.sqlite3_bind_blob(statement, index, guid.ToByteArray()),
        Guid guid => raw.sqlite3_bind_text(statement, index, guid.ToString().ToUpperInvariant()),
        var other => throw new InvalidOperationException($"{other.GetType().Name} values are not bound positionally."),
    };

    private static object Column(sqlite3_stmt statement) => raw.sqlite3_column_type(statement, 0) switch
    {
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, 0),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, 0),
        raw.SQLITE_TEXT => raw.sqlite3_column_text(statement, 0).utf8_to_string(),
        raw.SQLITE_BLOB => raw.sqlite3_column_blob(statement, 0).ToArray(),
        _ => DBNull.Value,
    };
}
