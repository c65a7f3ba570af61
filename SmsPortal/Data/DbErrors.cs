using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace SmsPortal.Data;

/// <summary>What a provider's exception means, in the same terms for every provider.</summary>
public static class DbErrors
{
    /// <summary>A unique index refused the row: the same thing was stored by someone else first.</summary>
    public static bool IsUniqueViolation(Exception ex) => (ex is DbUpdateException ? ex.InnerException : ex) switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        SqlException sqlServer => sqlServer.Number is 2601 or 2627,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>
    /// The database was busy, gone or timed out: the same statement may well succeed later, so the rows it
    /// carried are not to blame for it.
    /// </summary>
    public static bool IsTransient(Exception ex) => (ex is DbUpdateException ? ex.InnerException : ex) switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6 or 10 or 13, // BUSY, LOCKED, IOERR, FULL
        NpgsqlException npgsql => npgsql.IsTransient,
        SqlException sqlServer => sqlServer.IsTransient || sqlServer.Number is -2 or 1205,
        TimeoutException or InvalidOperationException { InnerException: TimeoutException } => true,
        _ => false,
    };
}
