using System.Threading.Channels;
using SmsPortal.Messages;
using SmsPortal.Common;
using SmsPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace SmsPortal.Webhooks;

/// <summary><see cref="DeliveryOutcome.Accepted"/>, <see cref="DeliveryOutcome.Duplicate"/> (with the stored id) or <see cref="DeliveryOutcome.Unavailable"/>.</summary>
/// <param name="Detail">Why a delivery counts as a duplicate when its id is new (the repeat guard), else null.</param>
/// <param name="Logged">The delivery's log entry was committed in the same transaction.</param>
public readonly record struct StoreResult(DeliveryOutcome Outcome, string? MessageId, string? Detail = null, bool Logged = false);

/// <summary>The delivery log entry of a write, made once its outcome is settled and before its transaction commits.</summary>
public delegate DeliveryLogEntry DeliveryLogEntryFor(StoreResult result);

/// <summary>
/// Stores verified messages with group commit: requests that arrive while a commit is in flight are queued
/// and written together in the next transaction, each with its delivery log entry, so a delivery that was
/// answered is always in the log. Each caller is answered only after the transaction holding its row (or the
/// row it duplicates) has committed. On SQLite the writer takes the process's write gate, so it queues in one
/// line with every other writer instead of meeting them at SQLite's lock, and holds it only for its statements and
/// the commit: where commits must be flushed to disk, the flush follows outside the turn (<see cref="SqliteLogFlush"/>)
/// while the next batch is written, and the batch's callers are answered once it is done.
/// </summary>
public sealed class InboundMessageStore(
    IDbContextFactory<AppDbContext> dbFactory,
    InboundWorkSignal workSignal,
    DeliveryLog deliveryLog,
    ILogger<InboundMessageStore> logger,
    SqliteWriteGate? writeGate = null,
    SqliteLogFlush? logFlush = null) : BackgroundService
{
    private const int MaxBatch = 512;
    private const int Attempts = 3;

    private readonly Channel<PendingWrite> _queue = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(16_384) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <param name="dropRepeats">
    /// The repeat guard (<see cref="RepeatGuard"/>): the same device, sender and text received within a few seconds of a
    /// stored message is that message again, even under a new gateway id. Off for endpoints whose senders really repeat.
    /// </param>
    /// <param name="log">The delivery's log entry, written in the message's transaction.</param>
    public Task<StoreResult> StoreAsync(InboundMessage message, CancellationToken cancellationToken, bool dropRepeats = false, DeliveryLogEntryFor? log = null) =>
        EnqueueAsync(new PendingWrite(message, log) { DropRepeats = dropRepeats && !message.IsTest }, cancellationToken);

    /// <summary>A verified delivery that stores no message (a status report, an ignored event): only its log entry, committed before this returns true.</summary>
    public async Task<bool> AppendLogAsync(DeliveryLogEntry entry, CancellationToken cancellationToken) =>
        (await EnqueueAsync(new PendingWrite(null, _ => entry), cancellationToken)).Logged;

    private async Task<StoreResult> EnqueueAsync(PendingWrite write, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(write, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return new StoreResult(DeliveryOutcome.Unavailable, null);
        }
        // Once queued the write is decided by the writer, whether or not the sender is still waiting.
        return await write.Completion.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingWrite>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
                {
                    batch.Add(write);
                }
                await CommitAsync(batch);
                batch = new List<PendingWrite>(MaxBatch); // the last one is answered once its commit is on disk
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var write))
            {
                write.Completion.TrySetResult(new StoreResult(DeliveryOutcome.Unavailable, null));
            }
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        // Identical deliveries inside one batch: the first leads, the rest are its duplicates.
        var leaders = new Dictionary<(Guid, string), PendingWrite>();
        var followers = new List<(PendingWrite Follower, PendingWrite Leader)>();
        foreach (var write in batch.Where(w => w.Message is not null))
        {
            var key = (write.Message!.WorkspaceId, write.Message.ExternalId);
            var leader = leaders.GetValueOrDefault(key) ?? RepeatGuard.FindIn(leaders.Values, write);
            if (leader is not null)
            {
                followers.Add((write, leader));
            }
            else
            {
                leaders[key] = write;
            }
        }

        var committed = false;
        var durable = Task.CompletedTask;
        for (var attempt = 1; !committed && attempt <= Attempts; attempt++)
        {
            try
            {
                var flushDeferred = await TryCommitAsync(batch, leaders, followers);
                committed = true;
                durable = flushDeferred ? logFlush!.FlushAsync() : Task.CompletedTask;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A unique violation is a race with another writer (SQL Server only): the next attempt finds its row.
                var retry = attempt < Attempts && (DbErrors.IsUniqueViolation(ex) || DbErrors.IsTransient(ex));
                if (!retry)
                {
                    logger.LogWarning(ex, "Could not store {Count} inbound write(s); senders are told to retry", batch.Count);
                    break;
                }
            }
        }

        if (committed)
        {
            deliveryLog.Written(batch.Select(w => w.Entry));
            if (leaders.Values.Any(l => l.Result?.Outcome == DeliveryOutcome.Accepted))
            {
                workSignal.Notify();
            }
        }
        _ = AnswerAsync(batch, committed, durable);
    }

    /// <summary>Answers the batch's callers once its commit is durable; a flush that failed leaves them to retry.</summary>
    private async Task AnswerAsync(List<PendingWrite> batch, bool committed, Task durable)
    {
        try
        {
            await durable;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not flush {Count} stored inbound write(s) to disk; senders are told to retry", batch.Count);
            committed = false;
        }
        foreach (var write in batch)
        {
            write.Completion.TrySetResult(committed && write.Result is { } result
                ? result with { Logged = write.LogFor is not null }
                : new StoreResult(DeliveryOutcome.Unavailable, null));
        }
    }

    /// <summary>Writes and commits the batch; returns whether the commit is durable only after <see cref="SqliteLogFlush.FlushAsync"/>.</summary>
    private async Task<bool> TryCommitAsync(
        List<PendingWrite> batch, Dictionary<(Guid, string), PendingWrite> leaders, List<(PendingWrite Follower, PendingWrite Leader)> followers)
    {
        foreach (var write in batch)
        {
            write.Result = write.Message is null ? new StoreResult(DeliveryOutcome.Accepted, null) : null;
            write.Entry = null;
        }
        // The connection is opened (and its pragmas run) before the turn is taken.
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var connection = await SqliteLogFlush.OpenWithoutOwnFlushAsync(logFlush, db);
        using (await SqliteWriteGate.TakeTurnAsync(writeGate, "webhooks"))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await InboundInserts.SettleAsync(db, [.. leaders.Values]);
            foreach (var (follower, leader) in followers)
            {
                follower.Result = new StoreResult(DeliveryOutcome.Duplicate, leader.Result!.Value.MessageId,
                    follower.Message!.ExternalId == leader.Message!.ExternalId ? null : RepeatGuard.Describe(leader.Result.Value.MessageId));
            }
            foreach (var write in batch)
            {
                write.Entry = write.LogFor?.Invoke(write.Result!.Value);
            }
            await BatchInsert<DeliveryLogEntry>.For(db).ExecuteAsync(db, [.. batch.Where(w => w.Entry is not null).Select(w => w.Entry!)]);
            await transaction.CommitAsync();
        }
        return connection?.Deferred ?? false;
    }

    internal sealed class PendingWrite(InboundMessage? message, DeliveryLogEntryFor? logFor)
    {
        /// <summary>Null for a write that only appends a log entry.</summary>
        public InboundMessage? Message { get; } = message;
        public DeliveryLogEntryFor? LogFor { get; } = logFor;
        public bool DropRepeats { get; init; }
        public StoreResult? Result { get; set; }
        public DeliveryLogEntry? Entry { get; set; }
        public TaskCompletionSource<StoreResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
