using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace SmsPortal.Data;

/// <summary>
/// Takes the disk flush of a SQLite commit out of the write turn. At <c>synchronous=FULL</c> SQLite flushes the
/// write-ahead log inside the commit, while it holds the write lock, so every other writer of the process waits for
/// the disk as well. A writer that must not answer before its commit is durable (the webhook's group commit) commits
/// at <c>NORMAL</c> instead (<see cref="OpenWithoutOwnFlushAsync"/>: written to the log, not flushed), gives up the
/// turn, and then waits for <see cref="FlushAsync"/>: one flush of the log file, shared by every commit made before it
/// started, while the next commit already writes. The log is flushed whole, so a flush makes every commit before it
/// durable, whoever wrote it.
/// </summary>
/// <remarks>
/// Why that is as durable as <c>FULL</c>: a commit is durable once its frames, and the log header they follow, are
/// on disk; SQLite's recovery replays the log up to the last commit whose frames are whole. Its flush at <c>FULL</c>
/// is an <c>fsync</c> of the same file, and an <c>fsync</c> through any descriptor writes the file's cached pages.
/// SQLite starts the log over only after a checkpoint has copied all of it into the database and flushed the database
/// (which it does at <c>NORMAL</c> too), so a restart never overwrites frames that were not yet safe elsewhere, and a
/// log that is gone was checkpointed and removed when its last connection closed. Only the log file is opened here,
/// never the database or its shared-memory file, whose POSIX locks closing a descriptor would drop. Off (commits flush
/// as configured) for <c>NORMAL</c> or <c>OFF</c>, outside WAL mode, and for a database without a file.
/// </remarks>
public sealed class SqliteLogFlush(DatabaseOptions options)
{
    private readonly bool _configuredToFlush = options is { Provider: DatabaseProvider.Sqlite, SqliteSynchronous: var level }
        && level.ToUpperInvariant() is "FULL" or "EXTRA";

    private readonly Lock _lock = new();
    /// <summary>
    /// Set when a flush is due. A kernel event, not a <see cref="SemaphoreSlim"/>: that spins (yielding the CPU
    /// dozens of times) before it sleeps, which on this thread, woken about fifty times a second, was 2.6 % of a busy
    /// server's CPU.
    /// </summary>
    private readonly AutoResetEvent _due = new(false);
    private TaskCompletionSource? _next;
    private Thread? _flusher;
    private string? _logPath;

    /// <summary>How many flushes of the log ran (tests: callers that arrive together share one).</summary>
    internal long Flushes;

    /// <summary>Stands in for the <c>fsync</c> in tests that need to hold a flush; given the log's path.</summary>
    internal Action<string> Flush { get; set; } = FlushFile;

    /// <summary>
    /// Opens <paramref name="db"/>'s connection and, where this applies, sets it to commit without a flush; disposing
    /// the result closes the connection, and the pragma interceptor gives the next user of the pooled connection the
    /// configured level again at its open (SQLite refuses the change inside a transaction, hence the open here).
    /// The result's <see cref="Unflushed.Deferred"/> says whether the caller must await <see cref="FlushAsync"/>
    /// after committing.
    /// </summary>
    public async Task<Unflushed> OpenWithoutOwnFlushAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var deferred = _configuredToFlush && await LogPathAsync(db, cancellationToken) is not null;
        if (deferred)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL;", cancellationToken);
        }
        return new Unflushed(db, deferred);
    }

    /// <summary>The same for a writer that may run without one (<paramref name="logFlush"/> is null off SQLite): then null.</summary>
    public static async Task<Unflushed?> OpenWithoutOwnFlushAsync(SqliteLogFlush? logFlush, AppDbContext db, CancellationToken cancellationToken = default) =>
        logFlush is null ? null : await logFlush.OpenWithoutOwnFlushAsync(db, cancellationToken);

    /// <summary>
    /// Completes once the write-ahead log has been flushed to disk by a flush that started after this call, so every
    /// commit made before the call is durable. Callers that arrive while a flush runs share the next one.
    /// </summary>
    public Task FlushAsync()
    {
        lock (_lock)
        {
            if (_next is { } pending)
            {
                return pending.Task; // not started yet: it starts after this call
            }
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_flusher is null)
            {
                // Its own thread: an fsync blocks for as long as the disk takes, which a pool thread should not.
                _flusher = new Thread(FlushWhenDue) { IsBackground = true, Name = "SQLite log flush" };
                _flusher.Start();
            }
            _due.Set();
            return _next.Task;
        }
    }

    private void FlushWhenDue()
    {
        while (true)
        {
            _due.WaitOne();
            TaskCompletionSource? due;
            lock (_lock)
            {
                due = _next;
                _next = null;
            }
            if (due is null)
            {
                continue;
            }
            try
            {
                Flush(_logPath!);
                Interlocked.Increment(ref Flushes);
                due.SetResult();
            }
            catch (Exception ex)
            {
                due.SetException(ex);
            }
        }
    }

    private static void FlushFile(string path)
    {
        try
        {
            // Opened for writing (nothing is written): FileStream asks the disk to flush only a file it may write.
            using var log = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            log.Flush(flushToDisk: true);
        }
        catch (FileNotFoundException)
        {
            // Checkpointed into the database (and that flushed) when its last connection closed, then removed.
        }
    }

    /// <summary>
    /// The main database's <c>-wal</c> file, or null where commits must flush themselves (no file, not WAL). Only a
    /// log found is remembered: a worker that opens before the migrator has switched the file to WAL asks again later.
    /// </summary>
    private async Task<string?> LogPathAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        if (_logPath is { } known)
        {
            return known;
        }
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var file = raw.sqlite3_db_filename(connection.Handle, "main").utf8_to_string();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        var mode = await command.ExecuteScalarAsync(cancellationToken) as string;
        if (string.IsNullOrEmpty(file) || !string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return _logPath = file + "-wal";
    }

    /// <summary>An open connection that commits without its own flush when <see cref="Deferred"/>; disposing closes it.</summary>
    public sealed class Unflushed(AppDbContext db, bool deferred) : IAsyncDisposable
    {
        /// <summary>Whether a commit on this connection is durable only after <see cref="FlushAsync"/>.</summary>
        public bool Deferred { get; } = deferred;

        public ValueTask DisposeAsync() => new(db.Database.CloseConnectionAsync());
    }
}
