using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Data;
using SmsPortal.Outbound;
using SmsPortal.Rules.Model;
using SmsPortal.Tests.Infrastructure;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.Data;

/// <summary>
/// At <c>synchronous=FULL</c> a webhook batch commits without SQLite's own flush and is answered only after one flush
/// of the write-ahead log outside the write turn: the disk's time no longer holds up every other writer. On a disk
/// whose flush takes 2 ms that took ingestion from 4,900 to 7,200 deliveries a second (docs/performance.md).
/// </summary>
public sealed class SqliteLogFlushTests
{
    [Fact]
    public async Task Webhook_AnsweredOnlyOnceTheLogIsFlushed_WhileOtherWritersTakeTheTurn()
    {
        await using var app = new TestApp(settings: new() { ["Database:SqliteSynchronous"] = "FULL" });
        var logFlush = app.Services.GetRequiredService<SqliteLogFlush>();
        var endpoint = await app.CreateEndpointAsync();
        using var client = app.CreateHttpClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(endpoint, Deliveries.Body("flush-warm-up"))).StatusCode);

        var realFlush = logFlush.Flush;
        var flushing = new SemaphoreSlim(0);
        var hold = new ManualResetEventSlim(false);
        var paths = new List<string>();
        logFlush.Flush = path =>
        {
            lock (paths)
            {
                paths.Add(path);
            }
            flushing.Release();
            hold.Wait();
            realFlush(path);
        };
        var flushesBefore = Interlocked.Read(ref logFlush.Flushes);

        var first = client.PostAsync(endpoint, Deliveries.Body("flush-1"));
        Assert.True(await flushing.WaitAsync(TimeSpan.FromSeconds(30)), "the first delivery's commit is flushed");
        // Committed (a reader sees it) but not answered: its sender hears nothing until the log is on disk.
        await Eventually.TrueAsync(async () => await StoredAsync(app, "flush-1"), "the first delivery is committed");
        // The flush holds no write turn: the next delivery commits, and another writer takes the turn, while it runs.
        var second = client.PostAsync(endpoint, Deliveries.Body("flush-2"));
        await Eventually.TrueAsync(async () => await StoredAsync(app, "flush-2"), "the second delivery commits during the first flush");
        var gate = app.Services.GetRequiredService<SqliteWriteGate>();
        using (var turn = SqliteWriteGate.TakeTurnAsync(gate, "test").AsTask().WaitAsync(TimeSpan.FromSeconds(10)))
        {
            (await turn).Dispose();
        }
        await Task.Delay(200);
        Assert.False(first.IsCompleted, "answered before its commit was flushed");
        Assert.False(second.IsCompleted, "answered before its commit was flushed");

        hold.Set();
        Assert.Equal("accepted", (await (await first).ReadAckAsync()).Status);
        Assert.Equal("accepted", (await (await second).ReadAckAsync()).Status);
        Assert.True(Interlocked.Read(ref logFlush.Flushes) - flushesBefore >= 2, "the second commit waited for a flush of its own");
        // The database's own log (SQLite removes it when the last connection closes, so whether it exists now says nothing).
        lock (paths)
        {
            Assert.NotEmpty(paths);
            Assert.All(paths, path => Assert.Equal(app.DatabasePath + "-wal", path));
        }
    }

    [Fact]
    public async Task ReplyClaim_IsOnDiskBeforeTheReplyLeaves()
    {
        await using var gateway = await FakeGateway.StartAsync();
        await using var app = new TestApp(
            settings: new()
            {
                ["Database:SqliteSynchronous"] = "FULL",
                ["Gateway:Type"] = "Generic",
                ["Gateway:BaseUrl"] = gateway.Url,
                ["Gateway:ApiKey"] = "gw-test-key",
            },
            gateway: gateway);
        var logFlush = app.Services.GetRequiredService<SqliteLogFlush>();
        var endpoint = await app.CreateEndpointAsync();
        await app.AddRuleAsync(endpoint, Rule("price", [FirstWord("price")], new ReplyAction("Prices: $5")));
        var realFlush = logFlush.Flush;
        using var hold = new ManualResetEventSlim(false);
        logFlush.Flush = path =>
        {
            hold.Wait();
            realFlush(path);
        };
        try
        {
            // Every flush is held. The delivery's batch is committed (processing is told at once) but not answered;
            // processing queues the reply without a flush; the dispatcher claims it and waits for a flush, its own or
            // one it shares with the delivery's when that had not started yet.
            var delivered = app.SendAsync(endpoint, "claim-flush-1", "price");
            // Generous: on a loaded run the rule set's first compile and the workers' first claims take seconds.
            await Eventually.TrueAsync(async () =>
            {
                await using var db = app.CreateDbContext();
                return await db.OutboundMessages.AnyAsync(m => m.Status == OutboundStatus.Sending);
            }, "the reply is claimed", timeoutSeconds: 60);
            await Task.Delay(300);
            Assert.Empty(gateway.Accepted);
            Assert.False(delivered.IsCompleted, "answered before its commit was flushed");

            hold.Set();
            Assert.Equal(HttpStatusCode.OK, (await delivered).StatusCode);
            await gateway.WaitForAsync(g => g.Accepted.Count == 1, "the reply leaves once its claim is flushed");
        }
        finally
        {
            logFlush.Flush = realFlush;
            hold.Set();
        }
    }

    [Fact]
    public async Task FlushFails_SenderToldToRetry_AndTheRetryIsItsDuplicate()
    {
        await using var app = new TestApp(settings: new() { ["Database:SqliteSynchronous"] = "FULL" });
        var logFlush = app.Services.GetRequiredService<SqliteLogFlush>();
        var endpoint = await app.CreateEndpointAsync();
        using var client = app.CreateHttpClient();
        var realFlush = logFlush.Flush;
        var failures = 1;
        logFlush.Flush = path =>
        {
            if (Interlocked.Decrement(ref failures) >= 0)
            {
                throw new IOException("the disk refused the flush");
            }
            realFlush(path);
        };

        var refused = await client.PostAsync(endpoint, Deliveries.Body("flush-fails"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        await refused.ReadProblemAsync();
        var retry = await (await client.PostAsync(endpoint, Deliveries.Body("flush-fails"))).ReadAckAsync();
        Assert.Equal("duplicate", retry.Status);
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.InboundMessages.CountAsync(m => m.ExternalId == "flush-fails"));
    }

    [Fact]
    public async Task CallersDuringAFlush_ShareTheNextOne_AndNoneIsAnsweredByAFlushThatStartedBeforeIt()
    {
        var logFlush = new SqliteLogFlush(new DatabaseOptions { SqliteSynchronous = "FULL" });
        var started = new SemaphoreSlim(0);
        var release = new SemaphoreSlim(0);
        logFlush.Flush = _ =>
        {
            started.Release();
            release.Wait();
        };

        var first = logFlush.FlushAsync();
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(10)));
        var during = Enumerable.Range(0, 20).Select(_ => logFlush.FlushAsync()).ToList();
        release.Release();
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(10)), "a second flush for the callers that came during the first");
        await Task.Delay(100);
        Assert.All(during, task => Assert.False(task.IsCompleted));
        var late = logFlush.FlushAsync();
        release.Release();
        await Task.WhenAll(during).WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(100);
        Assert.False(late.IsCompleted, "answered by a flush that started before it was asked for");
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(10)));
        release.Release();
        await late.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, Interlocked.Read(ref logFlush.Flushes));
    }

    [Theory]
    [InlineData("NORMAL")]
    [InlineData("OFF")]
    public async Task ConfiguredNotToFlush_CommitsAreNotDeferred(string level)
    {
        await using var app = new TestApp(settings: new() { ["Database:SqliteSynchronous"] = level });
        var logFlush = app.Services.GetRequiredService<SqliteLogFlush>();
        var endpoint = await app.CreateEndpointAsync();
        using var client = app.CreateHttpClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(endpoint, Deliveries.Body("not-deferred"))).StatusCode);

        Assert.Equal(0, Interlocked.Read(ref logFlush.Flushes));
        await using var db = app.CreateDbContext();
        await using var connection = await logFlush.OpenWithoutOwnFlushAsync(db);
        Assert.False(connection.Deferred);
    }

    [Fact]
    public async Task FileNotYetInWalMode_CommitsFlushThemselves_UntilItIs()
    {
        var path = Path.Combine(Path.GetTempPath(), $"smsportal-logflush-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<SqliteDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options;
            var logFlush = new SqliteLogFlush(new DatabaseOptions { SqliteSynchronous = "FULL" });

            await using (var db = new SqliteDbContext(options))
            await using (var connection = await logFlush.OpenWithoutOwnFlushAsync(db))
            {
                Assert.False(connection.Deferred, "a rollback journal has no log to flush afterwards");
                Assert.Equal(2L, await SynchronousAsync(db)); // FULL, as the connection string left it
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
            await using (var db = new SqliteDbContext(options))
            await using (var connection = await logFlush.OpenWithoutOwnFlushAsync(db))
            {
                Assert.True(connection.Deferred, "the file is in WAL mode now");
                Assert.Equal(1L, await SynchronousAsync(db)); // NORMAL until the connection closes
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static async Task<long> SynchronousAsync(AppDbContext db)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA synchronous;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<bool> StoredAsync(TestApp app, string externalId)
    {
        await using var db = app.CreateDbContext();
        return await db.InboundMessages.AnyAsync(m => m.ExternalId == externalId);
    }
}
