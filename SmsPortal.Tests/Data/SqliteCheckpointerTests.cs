using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmsPortal.Data;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Data;

/// <summary>
/// Under writes that never pause and a reader always inside a transaction, a passive checkpoint never copies the whole log, so
/// SQLite never starts it again from the beginning and the file grows for as long as the load lasts (826 MB after 20 s
/// of webhooks). The checkpointer's restart keeps it near <see cref="SqliteCheckpointer.RestartFrames"/>.
/// </summary>
public sealed class SqliteCheckpointerTests
{
    private const int PageSize = 4096;

    [Fact]
    public async Task SustainedWritesAndAReader_TheLogStartsOverAndStaysBounded()
    {
        // The host's own checkpointer is taken out: the rounds below are the only ones (two at once would refuse each other).
        await using var app = new TestApp(configureServices: services => services.Remove(
            services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SqliteCheckpointer))));
        await app.CreateEndpointAsync(); // the host has started and migrated the file
        var checkpointer = ActivatorUtilities.CreateInstance<SqliteCheckpointer>(app.Services);
        var gate = app.Services.GetRequiredService<SqliteWriteGate>();
        var connectionString = new SqliteConnectionStringBuilder { DataSource = app.DatabasePath, Pooling = false, DefaultTimeout = 30 }.ToString();
        using (var setup = Open(connectionString))
        {
            Execute(setup, "CREATE TABLE load_test (body BLOB NOT NULL)");
        }

        // At least 24,000 pages (~99 MB) in commits of 40, from one writer that takes the process's write turn as every
        // writer does, and on until the log has started over twice (or 30 rounds): a fast machine wrote the 99 MB within
        // two rounds, while restarts that met the reader past their 50 ms wait were still to be tried again.
        const int Commits = 600, RowsPerCommit = 40, Rounds = 30;
        var commits = 0;
        using var done = new CancellationTokenSource();
        using var enough = new CancellationTokenSource();
        // Threads of their own: on a busy thread pool a reader's 15 ms could become seconds and hold the log by itself.
        var writer = Run(() =>
        {
            using var connection = Open(connectionString);
            for (; commits < Commits || !enough.IsCancellationRequested; Interlocked.Increment(ref commits))
            {
                using (SqliteWriteGate.TakeTurnAsync(gate, "test").AsTask().GetAwaiter().GetResult())
                {
                    Execute(connection, $"BEGIN IMMEDIATE; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {RowsPerCommit}) INSERT INTO load_test SELECT randomblob({PageSize - 200}) FROM n; COMMIT;");
                }
            }
            done.Cancel();
        });
        // A reader that is always inside a short transaction, so a passive checkpoint always finds an older snapshot.
        var reader = Run(() =>
        {
            using var connection = Open(connectionString);
            while (!done.IsCancellationRequested)
            {
                using var transaction = connection.BeginTransaction(deferred: true);
                Execute(connection, "SELECT max(rowid) FROM load_test", transaction);
                Thread.Sleep(15);
                transaction.Commit();
            }
        });

        long largest = 0;
        var sequences = new HashSet<uint>();
        for (var round = 1; !done.IsCancellationRequested; round++)
        {
            await checkpointer.CheckpointOnceAsync(CancellationToken.None);
            var (size, sequence) = ReadLogHeader(app.DatabasePath + "-wal");
            largest = Math.Max(largest, size);
            sequences.Add(sequence);
            if (sequences.Count > 2 || round >= Rounds)
            {
                enough.Cancel();
            }
            await Task.Delay(100);
        }
        writer.Join();
        reader.Join();

        // Without the restart the log holds all that was written (a frame per page, ~99 MB: 96-107 MB in three runs) and
        // its header never changes; with it, it started over one to three times and peaked at 29-73 MB, also beside
        // two busy loops on the two cores (a round takes a second or so: the passive checkpoint copies and flushes).
        var written = (long)commits * RowsPerCommit * (PageSize + 24);
        var startedOver = sequences.Count - 1;
        Assert.True(startedOver >= 1 && largest < written * 9 / 10,
            $"the log started over {startedOver} time(s) and grew to {largest / 1_000_000} MB while {written / 1_000_000} MB were written");
        using var check = Open(connectionString);
        Assert.Equal(commits * RowsPerCommit, Convert.ToInt32(Scalar(check, "SELECT count(*) FROM load_test")));
    }

    /// <summary>The log file's size and its header's checkpoint sequence number, which SQLite raises each time the log starts over.</summary>
    private static (long Size, uint Sequence) ReadLogHeader(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var header = new byte[32];
        file.ReadExactly(header);
        return (file.Length, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12)));
    }

    private static Thread Run(Action work)
    {
        var thread = new Thread(() => work()) { IsBackground = true };
        thread.Start();
        return thread;
    }

    private static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        // As the app's connections: checkpoints are the checkpointer's alone.
        Execute(connection, "PRAGMA wal_autocheckpoint=0; PRAGMA synchronous=NORMAL;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
