using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsPortal.Messages;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Live;
using SmsPortal.Outbound;
using SmsPortal.Webhooks;
using SmsPortal.Work;

namespace SmsPortal.Processing;

/// <summary>
/// Takes pending messages in arrival order, at least once, under a lease: a message stays pending until the
/// transaction that holds its effects commits, so one that a dead node was working on is taken again when its
/// lease runs out. One node at a time works on a sender's messages, so a contact's messages are processed in
/// order and their contact row is never written by two nodes at once.
/// </summary>
/// <remarks>
/// Poison isolation: when the processor throws for one message, or the batch's commit fails, the failure is
/// narrowed to the message(s) that cause it (by halving the batch) and only those are retried with backoff and,
/// after <see cref="QueueOptions.MaxAttempts"/>, parked with the reason; the rest of the batch commits.
/// <para>
/// On SQLite at <c>FULL</c> the batch commits without a flush of its own (<see cref="SqliteLogFlush"/>), as the
/// outbox's settlements do (<see cref="GroupCommit"/>): the next flush of the log, within a second, takes it along.
/// What a power cut in that moment loses is the batch's effects together with the messages' processed state, so the
/// messages are pending again and are processed again once their leases run out; nothing left the process meanwhile
/// that depends on it, since a reply or forward it queued is sent only after a claim of it is on disk, which flushes the log,
/// this batch with it. Its claims commit the same way. The disk's flush no longer holds the write turn here: on a disk
/// whose flush takes 2 ms, processing held the turn about 50 µs per message before this and 21 µs after.
/// </para>
/// <para>
/// On SQLite the worker runs on a <see cref="LowPriorityLane"/> (<see cref="QueueOptions.BelowNormalPriority"/>): a busy
/// machine gives its CPU to the webhooks waiting for their answers first, and the messages waiting meanwhile make
/// the next batch fuller, which costs less per message. Everything that takes the write turn (the claim, the
/// renewal, the commit, a failure's record) leaves the lane for the thread pool while it holds it, so a starved
/// thread never holds up another writer. A batch whose oldest message has waited longer than
/// <see cref="QueueOptions.MaxLowPriorityWait"/> (another program saturating the machine, a stored backlog) runs at
/// normal priority instead, so the lane delays replies by at most about that. With the webhooks saturating both cores, 64 connections: 10,230 and
/// 10,254 deliveries/s before, 12,127 and 12,487/s with the lane, and the batches grew from 61 to 193 messages while
/// processing kept up.
/// </para>
/// </remarks>
public sealed class InboundProcessingWorker(
    IDbContextFactory<AppDbContext> dbFactory,
    InboundMessageProcessor processor,
    LeaseStore leases,
    InboundWorkSignal signal,
    OutboxSignals outbox,
    LiveUpdates live,
    IOptionsMonitor<QueueOptions> options,
    TimeProvider time,
    DatabaseOptions database,
    ILogger<InboundProcessingWorker> logger,
    SqliteWriteGate? writeGate = null,
    SqliteLogFlush? logFlush = null) : QueueWorker<InboundMessage>(signal, options, QueueOptions.Inbound, logger)
{
    private const int BatchSize = 200;

    /// <summary>The types a batch adds many rows of, principals first.</summary>
    private static readonly AddedRows[] BulkRows = [AddedRows.Of<Contacts.Contact>(), AddedRows.Of<OutboundMessage>(), AddedRows.Of<ActionExecution>()];
    /// <summary>The batch's messages (and contacts it changed), as prepared UPDATEs after the inserts they refer to.</summary>
    private static readonly ModifiedRows[] UpdatedRows = [ModifiedRows.Of<Contacts.Contact>(), ModifiedRows.Of<InboundMessage>()];

    private readonly LowPriorityLane? _lane = options.Get(QueueOptions.Inbound).BelowNormalPriority ?? database.Provider == DatabaseProvider.Sqlite
        ? new LowPriorityLane("Processing", logger)
        : null;

    private long _batchesAtNormalPriority;

    /// <summary>The thread the worker runs on, if <see cref="QueueOptions.BelowNormalPriority"/>.</summary>
    internal LowPriorityLane? Lane => _lane;

    /// <summary>Batches that had waited past <see cref="QueueOptions.MaxLowPriorityWait"/> and ran at normal priority.</summary>
    internal long BatchesAtNormalPriority => Interlocked.Read(ref _batchesAtNormalPriority);

    protected override int MaxInFlight => BatchSize;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _lane is null ? base.ExecuteAsync(stoppingToken) : _lane.RunAsync(() => base.ExecuteAsync(stoppingToken));

    public override void Dispose()
    {
        base.Dispose();
        _lane?.Dispose();
    }

    protected override int MaxUnits => 1;

    protected override TimeSpan IdlePoll => TimeSpan.FromSeconds(5);

    protected override IEnumerable<IReadOnlyList<InboundMessage>> Units(IReadOnlyList<InboundMessage> claimed) => [claimed];

    protected override Task<Claim<InboundMessage>> ClaimAsync(int capacity, IReadOnlyCollection<Guid> full, CancellationToken cancellationToken) =>
        LowPriorityLane.AtNormalPriority(() => ClaimAtNormalPriorityAsync(capacity, full, cancellationToken));

    private async Task<Claim<InboundMessage>> ClaimAtNormalPriorityAsync(int capacity, IReadOnlyCollection<Guid> full, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // A claim lost to a power cut is a lease that never was: the messages are pending and free, and taken again.
        await using var unflushed = await SqliteLogFlush.OpenWithoutOwnFlushAsync(logFlush, db, cancellationToken);
        var now = time.GetUtcNow();
        var candidates = db.InboundMessages
            .Where(m => m.Status == ProcessingStatus.Pending && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
            .Where(LeaseStore.LeaseFree<InboundMessage>(now))
            .Where(m => !db.InboundMessages.Any(o => o.Status == ProcessingStatus.Pending && o.WorkspaceId == m.WorkspaceId && o.From == m.From && o.LeaseExpiresAt > now))
            .OrderBy(m => m.Id)
            .Take(capacity);
        return await leases.ClaimAsync(db, Queue, candidates, m => m.Status == ProcessingStatus.Pending, Options.LeaseDuration, null, cancellationToken);
    }

    protected override Task<int> RenewAsync(string owner, IReadOnlyCollection<string> ids, TimeSpan lease, CancellationToken cancellationToken) =>
        LowPriorityLane.AtNormalPriority(() => leases.RenewAsync<InboundMessage>(dbFactory, owner, ids, lease, cancellationToken));

    protected override Task RunAsync(IReadOnlyList<InboundMessage> unit, string owner, CancellationToken cancellationToken)
    {
        List<string> ids = [.. unit.Select(m => m.Id)];
        if (_lane is not null && time.GetUtcNow() - unit.Min(m => m.StoredAt) > Options.MaxLowPriorityWait)
        {
            // Waited long enough below the others: the whole batch runs at normal priority, off the lane.
            Interlocked.Increment(ref _batchesAtNormalPriority);
            return Task.Run(() => ProcessAsync(ids, owner, cancellationToken));
        }
        return ProcessAsync(ids, owner, cancellationToken);
    }

    /// <summary>Processes and commits the messages with these ids that <paramref name="owner"/> still holds.</summary>
    private async Task ProcessAsync(IReadOnlyList<string> ids, string owner, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var messages = await db.InboundMessages
            .Where(m => ids.Contains(m.Id) && m.LeaseOwner == owner && m.Status == ProcessingStatus.Pending)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
        if (messages.Count == 0)
        {
            return;
        }

        ProcessedBatch result;
        try
        {
            result = await processor.ProcessAsync(db, messages, cancellationToken);
        }
        catch (MessageProcessingException ex)
        {
            await RecordFailureAsync(ex.MessageId, owner, ex.InnerException ?? ex);
            await ProcessAsync([.. messages.Select(m => m.Id).Where(id => id != ex.MessageId)], owner, cancellationToken);
            return;
        }
        foreach (var message in messages)
        {
            message.LeaseOwner = null;
            message.LeaseExpiresAt = null;
        }
        try
        {
            await LowPriorityLane.AtNormalPriority(() => CommitAsync(db, result));
        }
        catch (DbUpdateException ex) when (!DbErrors.IsTransient(ex))
        {
            await IsolateAsync(messages, owner, ex, cancellationToken);
            return;
        }
        Announce(result);
    }

    /// <summary>
    /// Commits the batch in one transaction: the rows it adds in bulk (<see cref="AddedRows"/>: contacts, replies,
    /// the execution log, most of a batch's rows), the messages and contacts it changed (<see cref="ModifiedRows"/>),
    /// the rest through SaveChanges, then the rules' hit counts. The
    /// statements are built before the turn at SQLite's one writer, so the turn holds only their execution.
    /// </summary>
    private async Task CommitAsync(AppDbContext db, ProcessedBatch result)
    {
        db.ChangeTracker.DetectChanges();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // The whole batch commits or rolls back: a savepoint around SaveChanges would only cost SQLite a statement journal.
        db.Database.AutoSavepointsEnabled = false;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            var bulk = BulkRows.Select(rows => rows.Take(db)).ToList();
            var updated = UpdatedRows.Select(rows => rows.Take(db)).ToList();
            await using var unflushed = await SqliteLogFlush.OpenWithoutOwnFlushAsync(logFlush, db, CancellationToken.None);
            try
            {
                using var turn = await SqliteWriteGate.TakeTurnAsync(writeGate, "processing");
                await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
                foreach (var rows in bulk)
                {
                    await rows.ExecuteAsync(CancellationToken.None);
                }
                foreach (var rows in updated)
                {
                    await rows.ExecuteAsync(db, CancellationToken.None);
                }
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, CancellationToken.None);
                await result.ApplyRuleHitsAsync(db, time.GetUtcNow(), CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            }
            catch
            {
                foreach (var rows in bulk)
                {
                    rows.Restore();
                }
                foreach (var rows in updated)
                {
                    rows.Restore();
                }
                throw;
            }
            finally
            {
                foreach (var rows in bulk)
                {
                    await rows.DisposeAsync();
                }
                foreach (var rows in updated)
                {
                    await rows.DisposeAsync();
                }
            }
        });
        db.ChangeTracker.AcceptAllChanges();
    }

    /// <summary>The batch did not commit: halve it until the message(s) that cannot commit are found.</summary>
    private async Task IsolateAsync(List<InboundMessage> messages, string owner, DbUpdateException error, CancellationToken cancellationToken)
    {
        if (messages.Count == 1)
        {
            if (error is DbUpdateConcurrencyException)
            {
                logger.LogWarning("Message {MessageId} was taken over by another node before its commit; its effects were discarded here", messages[0].Id);
                return;
            }
            await RecordFailureAsync(messages[0].Id, owner, error.InnerException ?? error);
            return;
        }
        var half = messages.Count / 2;
        await ProcessAsync([.. messages.Take(half).Select(m => m.Id)], owner, cancellationToken);
        await ProcessAsync([.. messages.Skip(half).Select(m => m.Id)], owner, cancellationToken);
    }

    private void Announce(ProcessedBatch result)
    {
        live.PublishAll(result.Updates);
        if (result.OutboundQueued)
        {
            outbox.Outbound.Notify();
        }
        if (result.ForwardQueued)
        {
            outbox.Forward.Notify();
        }
    }

    private Task RecordFailureAsync(string messageId, string owner, Exception error) =>
        LowPriorityLane.AtNormalPriority(() => RecordFailureAtNormalPriorityAsync(messageId, owner, error));

    private async Task RecordFailureAtNormalPriorityAsync(string messageId, string owner, Exception error)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var message = await db.InboundMessages.SingleOrDefaultAsync(m => m.Id == messageId && m.LeaseOwner == owner);
        if (message is null)
        {
            return;
        }
        message.Attempts++;
        message.LastError = Truncate($"{error.GetType().Name}: {error.Message}", 2000);
        message.LeaseOwner = null;
        message.LeaseExpiresAt = null;
        if (message.Attempts >= Options.MaxAttempts)
        {
            message.Status = ProcessingStatus.Failed;
            logger.LogError(error, "Message {MessageId} failed {Attempts} times and is parked as failed", message.Id, message.Attempts);
        }
        else
        {
            message.NextAttemptAt = time.GetUtcNow() + Options.Backoff(message.Attempts);
            logger.LogWarning(error, "Message {MessageId} failed (attempt {Attempts}); will retry", message.Id, message.Attempts);
        }
        await db.SaveChangesAsync();
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
