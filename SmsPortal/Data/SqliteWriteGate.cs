using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SmsPortal.Data;

/// <summary>
/// Lets one SaveChanges at a time write to SQLite from this process. SQLite has a single write lock; when two of
/// our own writers (the webhook's group commit, the processing worker, the dispatcher, the delivery log) meet at it,
/// the loser sleeps in SQLite's busy handler in steps of up to 100 ms even if the lock frees a moment later.
/// Waiting here instead wakes the next writer the instant the previous one has committed.
/// </summary>
/// <remarks>
/// Only a SaveChanges that runs its own transaction is gated: EF commits or rolls that back before it reports the
/// save as done, failed or cancelled, so the gate is always released. Work inside an explicit transaction
/// (registration, imports) is rare and keeps SQLite's own locking. Writers that bypass SaveChanges (the webhook's
/// batched INSERTs) take the same gate with <see cref="EnterAsync"/>, so every writer of this process queues in one line.
/// </remarks>
public sealed class SqliteWriteGate : SaveChangesInterceptor
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConditionalWeakTable<DbContext, object> _holders = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { Database.CurrentTransaction: null } context)
        {
            await _gate.WaitAsync(cancellationToken);
            _holders.AddOrUpdate(context, this);
        }
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { Database.CurrentTransaction: null } context)
        {
            _gate.Wait();
            _holders.AddOrUpdate(context, this);
        }
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Release(eventData.Context);
        return result;
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Release(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Release(eventData.Context);

    /// <summary>
    /// Waits for the write turn of a writer that runs its own transaction (the webhook's group commit, the outbox's);
    /// disposing the turn gives it back. A null gate (not SQLite) gives a turn that holds nothing.
    /// </summary>
    internal static async ValueTask<Turn> TakeTurnAsync(SqliteWriteGate? gate)
    {
        if (gate is null)
        {
            return default;
        }
        await gate._gate.WaitAsync();
        return new Turn(gate._gate);
    }

    internal readonly struct Turn(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }

    private void Release(DbContext? context)
    {
        if (context is not null && _holders.Remove(context))
        {
            _gate.Release();
        }
    }
}
