using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SmsPortal.Data;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>
/// An empty database of one provider for one test: a SQLite file in a temp folder, or a fresh database on the
/// PostgreSQL server named by <c>SMSPORTAL_TEST_POSTGRES</c> (<c>bash .ci/run</c> starts one on loopback and sets it).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "SMSPORTAL_TEST_POSTGRES";

    private readonly string? _postgresName;

    private TestDatabase(string provider, string? connectionString, string? dataDirectory, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        DataDirectory = dataDirectory;
        _postgresName = postgresName;
    }

    public string Provider { get; }
    public string? ConnectionString { get; }
    public string? DataDirectory { get; }

    public static string? PostgresServer => System.Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    /// <summary>Skips the test when it needs PostgreSQL and none is configured.</summary>
    public static void SkipUnlessAvailable(string provider) =>
        Skip.If(provider == "PostgreSql" && PostgresServer is null,
            $"PostgreSQL is not available: set {PostgresVariable} to a server connection string (bash .ci/run starts one on loopback and sets it).");

    public static async Task<TestDatabase> CreateAsync(string provider)
    {
        SkipUnlessAvailable(provider);
        if (provider == "Sqlite")
        {
            return new TestDatabase(provider, null, TestApp.NewDataDirectory(), null);
        }
        var name = "smsportal_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(PostgresServer))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name, MaxPoolSize = 40 };
        return new TestDatabase(provider, builder.ToString(), null, name);
    }

    /// <summary>Settings for <see cref="TestApp"/>.</summary>
    public Dictionary<string, string?> Settings(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>(more ?? []) { ["Database:Provider"] = Provider };
        if (ConnectionString is not null)
        {
            settings["Database:ConnectionString"] = ConnectionString;
        }
        return settings;
    }

    /// <summary>Environment for <see cref="AppProcess"/>.</summary>
    public Dictionary<string, string> Environment(Dictionary<string, string>? more = null)
    {
        var environment = new Dictionary<string, string>(more ?? []) { ["Database__Provider"] = Provider };
        if (ConnectionString is not null)
        {
            environment["Database__ConnectionString"] = ConnectionString;
        }
        if (DataDirectory is not null)
        {
            environment["Database__DataDirectory"] = DataDirectory;
        }
        return environment;
    }

    /// <summary>A context straight on the database, outside any app (the schema must exist).</summary>
    public AppDbContext CreateContext(string? sqliteDirectory = null) => Provider == "Sqlite"
        ? new SqliteDbContext(new DbContextOptionsBuilder<SqliteDbContext>()
            .UseSqlite($"Data Source={Path.Combine(sqliteDirectory ?? DataDirectory!, "smsportal.db")}").Options)
        : new PostgreSqlDbContext(new DbContextOptionsBuilder<PostgreSqlDbContext>().UseNpgsql(ConnectionString).Options);

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is null)
        {
            SqliteConnection.ClearAllPools();
            if (DataDirectory is not null)
            {
                TestApp.TryDelete(DataDirectory);
            }
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresServer);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                // FORCE may not end an autovacuum worker (not ours to terminate) that a test's writes started; it soon stops.
                await Task.Delay(250);
            }
        }
    }
}
