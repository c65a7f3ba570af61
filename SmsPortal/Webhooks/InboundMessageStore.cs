using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Messages;
using SmsPortal.Common;
using SmsPortal.Data;

namespace SmsPortal.Webhooks;

/// <summary><see cref="DeliveryOutcome.Accepted"/>, <see cref="DeliveryOutcome.Duplicate"/> (with the stored id) or <see cref="DeliveryOutcome.Unavailable"/>.</summary>
/// <param name="Detail">Why a delivery counts as a duplicate when its id is new (the repeat guard), else null.</param>
public readonly record struct StoreResult(DeliveryOutcome Outcome, string? MessageId, string? Detail = null);

/// <summary>
/// Stores verified messages with group commit: requests that arrive while a commit is in flight are queued
/// and written together in the next transaction. Each caller is answered only after the transaction holding
/// its row (or the row it duplicates) has committed. A single writer also means SQLite never sees two
/// writers compete for its lock.
/// </summary>
public sealed class InboundMessageStore(
    IDbContextFactory<AppDbContext> dbFactory,
    InboundWorkSignal workSignal,
    ILogger<InboundMessageStore> logger) : BackgroundService
{
    private const int MaxBatch = 256;

    private readonly Channel<PendingWrite> _queue = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(16_384) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <param name="dropRepeats">
    /// The repeat guard (<see cref="RepeatGuard"/>): the same device, sender and text received within a few seconds of a
    /// stored message is that message again, even under a new gateway id. Off for endpoints whose senders really repeat.
    /// </param>
    public async Task<StoreResult> StoreAsync(InboundMessage message, CancellationToken cancellationToken, bool dropRepeats = false)
    {
        var write = new PendingWrite(message) { DropRepeats = dropRepeats && !message.IsTest };
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
                batch.Clear();
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
        foreach (var write in batch)
        {
            var key = (write.Message.WorkspaceId, write.Message.ExternalId);
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

        var accepted = false;
        try
        {
            accepted = await InsertBatchAsync(leaders);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            // Another process stored one of these ids between our read and our write: settle them one by one.
            accepted = await InsertOneByOneAsync(leaders.Values);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Could not store {Count} inbound message(s); senders are told to retry", leaders.Count);
        }

        foreach (var leader in leaders.Values)
        {
            leader.Completion.TrySetResult(leader.Result ?? new StoreResult(DeliveryOutcome.Unavailable, null));
        }
        foreach (var (follower, leader) in followers)
        {
            var result = leader.Result is { Outcome: not DeliveryOutcome.Unavailable } settled
                ? new StoreResult(DeliveryOutcome.Duplicate, settled.MessageId,
                    follower.Message.ExternalId == leader.Message.ExternalId ? null : RepeatGuard.Describe(settled.MessageId))
                : new StoreResult(DeliveryOutcome.Unavailable, null);
            follower.Completion.TrySetResult(result);
        }
        if (accepted)
        {
            workSignal.Notify();
        }
    }

    private async Task<bool> InsertBatchAsync(Dictionary<(Guid, string), PendingWrite> leaders)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var workspaceIds = leaders.Keys.Select(k => k.Item1).Distinct().ToList();
        var externalIds = leaders.Keys.Select(k => k.Item2).Distinct().ToList();
        var existing = await db.InboundMessages.AsNoTracking()
            .Where(m => workspaceIds.Contains(m.WorkspaceId) && externalIds.Contains(m.ExternalId))
            .Select(m => new { m.WorkspaceId, m.ExternalId, m.Id })
            .ToListAsync();
        foreach (var row in existing)
        {
            if (leaders.TryGetValue((row.WorkspaceId, row.ExternalId), out var leader))
            {
                leader.Result = new StoreResult(DeliveryOutcome.Duplicate, row.Id);
            }
        }

        await RepeatGuard.MarkStoredRepeatsAsync(db, leaders.Values.Where(l => l.Result is null && l.DropRepeats).ToList());
        var fresh = leaders.Values.Where(l => l.Result is null).ToList();
        if (fresh.Count == 0)
        {
            return false;
        }
        db.InboundMessages.AddRange(fresh.Select(l => l.Message));
        await db.SaveChangesAsync();
        foreach (var write in fresh)
        {
            write.Result = new StoreResult(DeliveryOutcome.Accepted, write.Message.Id);
        }
        return true;
    }

    private async Task<bool> InsertOneByOneAsync(IEnumerable<PendingWrite> writes)
    {
        var accepted = false;
        foreach (var write in writes)
        {
            write.Result = null;
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync();
                db.InboundMessages.Add(write.Message);
                await db.SaveChangesAsync();
                write.Result = new StoreResult(DeliveryOutcome.Accepted, write.Message.Id);
                accepted = true;
            }
            catch (DbUpdateException ex) when (IsUniqueViolation(ex))
            {
                await using var db = await dbFactory.CreateDbContextAsync();
                var id = await db.InboundMessages
                    .Where(m => m.WorkspaceId == write.Message.WorkspaceId && m.ExternalId == write.Message.ExternalId)
                    .Select(m => m.Id).SingleAsync();
                write.Result = new StoreResult(DeliveryOutcome.Duplicate, id);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.LogWarning(ex, "Could not store inbound message {MessageId}", write.Message.Id);
            }
        }
        return accepted;
    }

    private static bool IsUniqueViolation(DbUpdateException ex) => DbErrors.IsUniqueViolation(ex);

    internal sealed class PendingWrite(InboundMessage message)
    {
        public InboundMessage Message { get; } = message;
        public bool DropRepeats { get; init; }
        public StoreResult? Result { get; set; }
        public TaskCompletionSource<StoreResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
