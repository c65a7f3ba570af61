using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using SmsPortal.Data;

namespace SmsPortal.Work;

/// <summary>What one claim took: the rows (not tracked), their owner token, and how many were taken over from a dead node.</summary>
public sealed record Claim<T>(IReadOnlyList<T> Items, string Owner, int Reclaimed) where T : class, ILeased
{
    public static Claim<T> Empty { get; } = new([], "", 0);
}

/// <summary>
/// Takes rows of a work queue for this node in one short transaction, so nodes sharing a database never work on
/// the same row. PostgreSQL and SQL Server serialise the decision per queue (an advisory/app lock held for the
/// transaction: a rule such as "one message per contact at a time" sees every earlier claim) and lock the rows
/// with <c>FOR UPDATE SKIP LOCKED</c> / <c>UPDLOCK, READPAST, ROWLOCK</c>, skipping rows another node is settling
/// at that moment. SQLite has a single writer. On every provider the final update is guarded (the row must still
/// be claimable and its lease free), which alone keeps two claims from taking the same row.
/// </summary>
public sealed class LeaseStore(WorkNode node, DatabaseOptions database, TimeProvider time)
{
    private long _claims;

    public async Task<Claim<T>> ClaimAsync<T>(
        AppDbContext db, string queue, IQueryable<T> candidates, Expression<Func<T, bool>> claimable, TimeSpan lease,
        Action<UpdateSettersBuilder<T>>? alsoSet, CancellationToken cancellationToken) where T : class, ILeased
    {
        var owner = $"{node.Id}#{Interlocked.Increment(ref _claims)}";
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            var now = time.GetUtcNow();
            await using var transaction = database.Provider == DatabaseProvider.Sqlite ? null : await db.Database.BeginTransactionAsync(ct);
            await LockQueueAsync(db, queue, ct);
            var found = await candidates.Select(e => new { e.Id, e.LeaseOwner }).ToListAsync(ct);
            if (found.Count == 0)
            {
                return Claim<T>.Empty;
            }
            var ids = await LockRowsAsync<T>(db, [.. found.Select(f => f.Id)], ct);
            var expires = now + lease;
            await db.Set<T>().Where(e => ids.Contains(e.Id)).Where(claimable).Where(LeaseFree<T>(now))
                .ExecuteUpdateAsync(set =>
                {
                    set.SetProperty(e => e.LeaseOwner, owner);
                    set.SetProperty(e => e.LeaseExpiresAt, expires);
                    alsoSet?.Invoke(set);
                }, ct);
            var items = await db.Set<T>().AsNoTracking().Where(e => ids.Contains(e.Id) && e.LeaseOwner == owner).ToListAsync(ct);
            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }
            var taken = items.Select(i => i.Id).ToHashSet();
            var reclaimed = found.Count(f => f.LeaseOwner is not null && taken.Contains(f.Id));
            WorkMetrics.RecordReclaims(queue, reclaimed);
            return new Claim<T>(items, owner, reclaimed);
        }, cancellationToken);
    }

    /// <summary>Extends the leases <paramref name="owner"/> still holds; returns how many it still holds.</summary>
    public async Task<int> RenewAsync<T>(IDbContextFactory<AppDbContext> dbFactory, string owner, IReadOnlyCollection<string> ids, TimeSpan lease, CancellationToken cancellationToken)
        where T : class, ILeased
    {
        if (ids.Count == 0)
        {
            return 0;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var expires = time.GetUtcNow() + lease;
        return await db.Set<T>().Where(e => ids.Contains(e.Id) && e.LeaseOwner == owner)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.LeaseExpiresAt, expires), cancellationToken);
    }

    /// <summary>Rows whose lease is free: never taken, settled, or run out because the node holding it stopped.</summary>
    public static Expression<Func<T, bool>> LeaseFree<T>(DateTimeOffset now) where T : class, ILeased =>
        e => e.LeaseExpiresAt == null || e.LeaseExpiresAt <= now;

    private async Task LockQueueAsync(AppDbContext db, string queue, CancellationToken cancellationToken)
    {
        switch (database.Provider)
        {
            case DatabaseProvider.PostgreSql:
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [QueueKey(queue)], cancellationToken);
                break;
            case DatabaseProvider.SqlServer:
                await db.Database.ExecuteSqlRawAsync(
                    "EXEC sp_getapplock @Resource = {0}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 10000",
                    ["smsportal:" + queue], cancellationToken);
                break;
        }
    }

    private async Task<List<string>> LockRowsAsync<T>(AppDbContext db, List<string> ids, CancellationToken cancellationToken) where T : class
    {
        // The table name comes from our own model, never from input.
        var table = db.Model.FindEntityType(typeof(T))!.GetTableName();
        switch (database.Provider)
        {
            case DatabaseProvider.PostgreSql:
                var postgres = "SELECT \"Id\" AS \"Value\" FROM \"" + table + "\" WHERE \"Id\" = ANY({0}) FOR UPDATE SKIP LOCKED";
                return await db.Database.SqlQueryRaw<string>(postgres, new object[] { ids.ToArray() }).ToListAsync(cancellationToken);
            case DatabaseProvider.SqlServer:
                var sqlServer = "SELECT [Id] AS [Value] FROM [" + table + "] WITH (UPDLOCK, READPAST, ROWLOCK) WHERE [Id] IN (SELECT [value] FROM OPENJSON({0}))";
                return await db.Database.SqlQueryRaw<string>(sqlServer, JsonSerializer.Serialize(ids)).ToListAsync(cancellationToken);
            default:
                return ids;
        }
    }

    /// <summary>A fixed 64-bit key per queue for <c>pg_advisory_xact_lock</c>.</summary>
    private static long QueueKey(string queue)
    {
        long hash = 0x534D5350; // "SMSP"
        foreach (var c in queue)
        {
            hash = hash * 31 + c;
        }
        return hash;
    }
}
