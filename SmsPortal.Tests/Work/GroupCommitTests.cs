using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Work;

namespace SmsPortal.Tests.Work;

/// <summary>Pieces of work that arrive together commit together; one that fails is rolled back alone.</summary>
public sealed class GroupCommitTests
{
    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task ConcurrentPieces_OneThrows_OthersCommitAndItsCallerGetsTheError(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(database.DataDirectory, database.Settings());
        var commits = app.Services.GetRequiredService<GroupCommit>();
        var workspace = Guid.NewGuid();

        var pieces = Enumerable.Range(0, 40).Select(i => commits.RunAsync(async db =>
        {
            db.AuditLog.Add(new AuditEntry { WorkspaceId = workspace, At = DateTimeOffset.UtcNow, Actor = "test", Action = "piece", Target = $"piece-{i}" });
            await db.SaveChangesAsync();
            if (i == 13)
            {
                throw new InvalidOperationException("piece 13 fails after its write");
            }
            return i;
        })).ToList();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => pieces[13]);
        Assert.Equal("piece 13 fails after its write", failure.Message);
        var results = await Task.WhenAll(pieces.Where((_, i) => i != 13));
        Assert.Equal(Enumerable.Range(0, 40).Where(i => i != 13), results.Order());

        await using var check = app.CreateDbContext();
        var stored = await check.AuditLog.Where(a => a.WorkspaceId == workspace).Select(a => a.Target).ToListAsync();
        Assert.Equal(39, stored.Count);
        Assert.DoesNotContain("piece-13", stored);
    }

    /// <summary>
    /// On SQLite at FULL a batch of settlements commits without a flush of its own (the next flush of the log takes it
    /// along); the connection goes back to the pool at FULL, so a webhook's commit that gets it next still flushes.
    /// </summary>
    [Theory]
    [InlineData("FULL", 1L, 2L)]
    [InlineData("EXTRA", 1L, 3L)]
    [InlineData("NORMAL", 1L, 1L)]
    public async Task Sqlite_BatchCommitsWithoutItsOwnFlush_AndTheConnectionGoesBackAtTheConfiguredLevel(string configured, long inside, long after)
    {
        await using var app = new TestApp(settings: new() { ["Database:SqliteSynchronous"] = configured });
        var commits = app.Services.GetRequiredService<GroupCommit>();
        var workspace = Guid.NewGuid();

        var during = await commits.RunAsync(async db =>
        {
            db.AuditLog.Add(new AuditEntry { WorkspaceId = workspace, At = DateTimeOffset.UtcNow, Actor = "test", Action = "piece", Target = "settled" });
            await db.SaveChangesAsync();
            return await SynchronousAsync(db);
        });
        // The pool hands the same connection out again: every context made from here is at the configured level (the
        // batch closes its connection, and the pragma interceptor sets the level at every open).
        var levels = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            await using var next = await app.Services.GetRequiredService<IDbContextFactory<SmsPortal.Data.AppDbContext>>().CreateDbContextAsync();
            await next.Database.OpenConnectionAsync();
            levels.Add(await SynchronousAsync(next));
        }

        Assert.Equal(inside, during);
        Assert.All(levels, level => Assert.Equal(after, level));
        await using var check = app.CreateDbContext();
        Assert.Equal("settled", await check.AuditLog.Where(a => a.WorkspaceId == workspace).Select(a => a.Target).SingleAsync());
    }

    private static async Task<long> SynchronousAsync(SmsPortal.Data.AppDbContext db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        await using (command)
        {
            command.CommandText = "PRAGMA synchronous;";
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            return (long)(await command.ExecuteScalarAsync())!;
        }
    }
}
