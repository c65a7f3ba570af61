using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SmsPortal.Data;

namespace Microsoft.Extensions.DependencyInjection;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDbContextFactory{AppDbContext}"/> (use it per operation) and a scoped
    /// <see cref="AppDbContext"/> (for Identity's stores) backed by the configured provider.
    /// </summary>
    public static IServiceCollection AddSmsPortalData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);

        // Identity's passkey table (schema version 3) is only in the model when the context can see these options.
        services.Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3);

        var nulGuard = new NulTextGuard();
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var connectionString = SqliteConnectionString(options, contentRoot);
                var pragmas = new SqlitePragmaInterceptor(options.SqliteSynchronous, options.CommandTimeoutSeconds);
                var writeGate = new SqliteWriteGate();
                services.AddSingleton(writeGate);
                services.AddSingleton<SqliteLogFlush>();
                services.AddPooledDbContextFactory<SqliteDbContext>(db => db
                    .UseSqlite(connectionString, sql => sql
                        .MigrationsAssembly(typeof(AppDbContext).Assembly.GetName().Name)
                        .CommandTimeout(options.CommandTimeoutSeconds))
                    .AddInterceptors(nulGuard, pragmas, writeGate));
                services.AddProviderContext<SqliteDbContext>();
                services.AddHostedService<SqliteCheckpointer>();
                break;
            case DatabaseProvider.SqlServer:
                RequireConnectionString(options);
                services.AddPooledDbContextFactory<SqlServerDbContext>(db => db
                    .UseSqlServer(options.ConnectionString, sql => sql
                        .CommandTimeout(options.CommandTimeoutSeconds)
                        .EnableRetryOnFailure(3))
                    .AddInterceptors(nulGuard));
                services.AddProviderContext<SqlServerDbContext>();
                break;
            case DatabaseProvider.PostgreSql:
                RequireConnectionString(options);
                services.AddPooledDbContextFactory<PostgreSqlDbContext>(db => db
                    .UseNpgsql(options.ConnectionString, sql => sql.CommandTimeout(options.CommandTimeoutSeconds))
                    .AddInterceptors(nulGuard));
                services.AddProviderContext<PostgreSqlDbContext>();
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{options.Provider}' is not supported. Use Sqlite, PostgreSql or SqlServer.");
        }

        services.AddSingleton<DatabaseMigrator>();
        return services;
    }

    private static void RequireConnectionString(DatabaseOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException(
                $"Database:Provider is {options.Provider} but Database:ConnectionString is empty. Set it in appsettings.json or the environment (Database__ConnectionString).");
        }
    }

    private static void AddProviderContext<TContext>(this IServiceCollection services) where TContext : AppDbContext
    {
        services.AddSingleton<IDbContextFactory<AppDbContext>>(sp =>
            new DbContextFactoryAdapter<TContext>(sp.GetRequiredService<IDbContextFactory<TContext>>()));
        services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
    }

    internal static string SqliteConnectionString(DatabaseOptions options, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString ?? "");
        if (string.IsNullOrEmpty(builder.DataSource))
        {
            var directory = Path.GetFullPath(options.DataDirectory, contentRoot);
            builder.DataSource = Path.Combine(directory, "smsportal.db");
        }
        // A relative path would follow whatever the working directory happens to be.
        if (builder.DataSource != ":memory:" && !builder.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }
        builder.DefaultTimeout = options.CommandTimeoutSeconds;
        builder.Pooling = true;
        return builder.ToString();
    }

    private sealed class DbContextFactoryAdapter<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<AppDbContext>
        where TContext : AppDbContext
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }

    /// <remarks>
    /// Automatic WAL checkpoints are off on every connection (see <see cref="SqliteCheckpointer"/>); a log that a burst
    /// grew past <see cref="SqliteCheckpointer.LogSizeLimit"/> is cut back to it when it starts over.
    /// <c>busy_timeout</c> matters for latency: without it Microsoft.Data.Sqlite answers a locked database by
    /// sleeping 150 ms and retrying, so a lock held for one millisecond by another writer (the delivery log,
    /// the processing worker) costs every waiting webhook 150 ms. SQLite's own busy handler retries in steps of
    /// a few milliseconds.
    /// </remarks>
    private sealed class SqlitePragmaInterceptor(string synchronous, int timeoutSeconds) : DbConnectionInterceptor
    {
        private readonly string _sql = synchronous.ToUpperInvariant() switch
        {
            "OFF" or "NORMAL" or "FULL" or "EXTRA" => $"PRAGMA synchronous={synchronous.ToUpperInvariant()}; PRAGMA busy_timeout={timeoutSeconds * 1000}; PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit={SqliteCheckpointer.LogSizeLimit};",
            _ => throw new InvalidOperationException($"Database:SqliteSynchronous '{synchronous}' must be OFF, NORMAL, FULL or EXTRA."),
        };

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = _sql;
            command.ExecuteNonQuery();
        }
    }
}
