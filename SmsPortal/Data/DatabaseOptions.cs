namespace SmsPortal.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (embedded, the default), <c>PostgreSql</c> (several nodes on one database) or <c>SqlServer</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for PostgreSQL and SQL Server; for SQLite it overrides <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the SQLite file lives; relative paths are taken from the app's content root.</summary>
    public string DataDirectory { get; set; } = "data";

    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// SQLite <c>PRAGMA synchronous</c>. <c>FULL</c> fsyncs the WAL on every commit, so a 2xx survives
    /// power loss; <c>NORMAL</c> survives a process crash only.
    /// </summary>
    public string SqliteSynchronous { get; set; } = "FULL";
}

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}
