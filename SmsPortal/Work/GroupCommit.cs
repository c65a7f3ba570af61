using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;

namespace SmsPortal.Work;

/// <summary>
/// Commits many small, independent pieces of work (an outbox send's result and its event) in one transaction.
/// Each commit costs a flush to disk (SQLite <c>FULL</c>, PostgreSQL <c>fsync</c>), so 64 sends settling one by one
/// waited for 64 flushes in turn; here whoever arrives while a commit runs joins the next one. A piece that throws
/// is rolled back alone and its caller gets the exception, the others commit (the batch is run again, each piece
/// under its own savepoint). A commit that fails fails every piece in it; they were not applied and their callers'
/// leases run out. A piece may therefore run more than once: it must do nothing but its database work.
/// </summary>
/// <remarks>
/// On SQLite at <c>synchronous=FULL</c> (or <c>EXTRA</c>) the batch commits at <c>NORMAL</c>: written to the
/// write-ahead log without a flush of its own. The next flush of the log by any other writer (a webhook batch, a claim) or the
/// checkpointer, within a second, flushes the log and this batch with it, because the log is flushed whole, in
/// order. A flush cost about 2.5 ms of the write turn per commit here, most of a settlement's share. What this
/// gives up, only on a power cut in that moment: the pieces' results, not work that has not happened. Its pieces
/// are settlements, each recorded after its send, whose claim was flushed before the send; a lost settlement
/// leaves its reply <c>Sending</c> under a lease that runs out, which is the state a node that died mid-send
/// leaves (sent again under the same id where the gateway deduplicates by it, failed as "possibly sent" where it
/// does not). A piece whose work must be durable before its caller goes on does not belong here.
/// </remarks>
public sealed class GroupCommit(IDbContextFactory<AppDbContext> dbFactory, SqliteWriteGate? gate = null, SqliteLogFlush? logFlush = null)
{
    private const int MaxBatch = 256;
    private readonly ConcurrentQueue<Piece> _queue = new();
    private readonly SemaphoreSlim _committer = new(1, 1);

    /// <summary>Runs <paramref name="work"/> inside the next shared transaction and returns once it has committed.</summary>
    public async Task<T> RunAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        var piece = new Piece(async db => await work(db));
        _queue.Enqueue(piece);
        await _committer.WaitAsync();
        try
        {
            if (!piece.Done.Task.IsCompleted)
            {
                await CommitQueuedAsync();
            }
        }
        finally
        {
            _committer.Release();
        }
        return (T)(await piece.Done.Task)!;
    }

    private async Task CommitQueuedAsync()
    {
        var batch = new List<Piece>();
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
        {
            batch.Add(next);
        }
        using var turn = await SqliteWriteGate.TakeTurnAsync(gate, "group_commit");
        WorkMetrics.RecordGroupCommit(batch.Count);
        try
        {
            await CommitAsync(batch);
        }
        catch (Exception ex)
        {
            foreach (var piece in batch)
            {
                piece.Done.TrySetException(ex);
            }
        }
    }

    private async Task CommitAsync(List<Piece> batch)
    {
        // Pieces rarely fail, so a batch first runs without savepoints (two statements fewer per piece, inside the
        // write turn). Only when one throws is the whole transaction rolled back and the batch run again with each
        // piece under its own savepoint; a piece is a closure over its values and the database, so it can run twice.
        var failure = await TryCommitTogetherAsync(batch);
        if (failure is null)
        {
            return;
        }
        if (batch.Count == 1)
        {
            batch[0].Done.TrySetException(failure);
            return;
        }
        await CommitEachUnderSavepointAsync(batch);
    }

    /// <summary>Commits the batch as one piece; returns what a piece threw, having rolled all of it back.</summary>
    private async Task<Exception?> TryCommitTogetherAsync(List<Piece> batch)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var unflushed = await SqliteLogFlush.OpenWithoutOwnFlushAsync(logFlush, db);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var results = new object?[batch.Count];
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                results[i] = await batch[i].Work(db);
            }
        }
        catch (Exception ex)
        {
            await transaction.RollbackAsync();
            return ex;
        }
        await transaction.CommitAsync();
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(results[i]);
        }
        return null;
    }

    private async Task CommitEachUnderSavepointAsync(List<Piece> batch)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var unflushed = await SqliteLogFlush.OpenWithoutOwnFlushAsync(logFlush, db);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var results = new object?[batch.Count];
        var failures = new Exception?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var savepoint = $"p{i}";
            await transaction.CreateSavepointAsync(savepoint);
            try
            {
                results[i] = await batch[i].Work(db);
                // Released at once: SQLite keeps an open savepoint's pages aside, so 14 left open doubled a commit's cost.
                await transaction.ReleaseSavepointAsync(savepoint);
            }
            catch (Exception ex)
            {
                await transaction.RollbackToSavepointAsync(savepoint);
                db.ChangeTracker.Clear();
                failures[i] = ex;
            }
        }
        await transaction.CommitAsync();
        for (var i = 0; i < batch.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                batch[i].Done.TrySetException(failure);
            }
            else
            {
                batch[i].Done.TrySetResult(results[i]);
            }
        }
    }

    private sealed record Piece(Func<AppDbContext, Task<object?>> Work)
    {
        public TaskCompletionSource<object?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
