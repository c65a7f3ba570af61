using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SmsPortal.Work;

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
/// batched INSERTs, the outbox's group commit) take the same gate with <see cref="TakeTurnAsync"/>, and a set-based
/// write that commits on its own (<c>ExecuteUpdate</c>/<c>ExecuteDelete</c> outside a transaction: lease claims and
/// renewals, assignments) takes it for its one statement, so every writer of this process queues in one line.
/// Before the last, each outbox claim met the processing batch's commit at the lock and slept in the busy handler:
/// 663 claims of a 20,000-reply drain spent 8.7 s there.
/// </remarks>
public sealed class SqliteWriteGate : SaveChangesInterceptor, IDbCommandInterceptor
{
    /// <summary>
    /// The one writer's time is the limit of a busy SQLite node; this says who spends it (per second of wall time,
    /// the sum over writers is how busy the write turn is: 1 means always held).
    /// </summary>
    private static readonly Counter<double> Held = WorkMetrics.Meter.CreateCounter<double>(
        "smsportal.sqlite.write_turn.held", "s", "Time a writer of this process held SQLite's write turn, by writer.");

    /// <summary>Beside <see cref="Held"/>: how long each writer queued for the turn, the latency the single writer adds.</summary>
    private static readonly Counter<double> Waited = WorkMetrics.Meter.CreateCounter<double>(
        "smsportal.sqlite.write_turn.waited", "s", "Time writers of this process waited for SQLite's write turn, by writer.");

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConditionalWeakTable<DbContext, StrongBox<long>> _holders = [];
    private readonly ConditionalWeakTable<DbCommand, StrongBox<long>> _commands = [];

    async ValueTask<InterceptionResult<int>> IDbCommandInterceptor.NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken)
    {
        if (IsOwnWrite(command, eventData))
        {
            await EnterAsync("statement", cancellationToken);
            _commands.AddOrUpdate(command, new(Stopwatch.GetTimestamp()));
        }
        return result;
    }

    InterceptionResult<int> IDbCommandInterceptor.NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (IsOwnWrite(command, eventData))
        {
            Enter("statement");
            _commands.AddOrUpdate(command, new(Stopwatch.GetTimestamp()));
        }
        return result;
    }

    ValueTask<int> IDbCommandInterceptor.NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken)
    {
        Release(command);
        return ValueTask.FromResult(result);
    }

    int IDbCommandInterceptor.NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Release(command);
        return result;
    }

    Task IDbCommandInterceptor.CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken)
    {
        Release(command);
        return Task.CompletedTask;
    }

    void IDbCommandInterceptor.CommandFailed(DbCommand command, CommandErrorEventData eventData) => Release(command);

    Task IDbCommandInterceptor.CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken)
    {
        Release(command);
        return Task.CompletedTask;
    }

    void IDbCommandInterceptor.CommandCanceled(DbCommand command, CommandEndEventData eventData) => Release(command);

    /// <summary>
    /// An <c>UPDATE</c> or <c>DELETE</c> that commits by itself: not in a transaction (whose writer takes its turn
    /// itself, or keeps SQLite's locking) and not part of a SaveChanges that already holds the gate.
    /// </summary>
    private bool IsOwnWrite(DbCommand command, CommandEventData eventData) =>
        command.Transaction is null
        && (eventData.Context is null || !_holders.TryGetValue(eventData.Context, out _))
        && (command.CommandText.StartsWith("UPDATE ", StringComparison.OrdinalIgnoreCase)
            || command.CommandText.StartsWith("DELETE ", StringComparison.OrdinalIgnoreCase));

    private void Release(DbCommand command)
    {
        if (_commands.TryGetValue(command, out var since) && _commands.Remove(command))
        {
            Record(Held, "statement", since.Value);
            _gate.Release();
        }
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { Database.CurrentTransaction: null } context)
        {
            await EnterAsync("save_changes", cancellationToken);
            _holders.AddOrUpdate(context, new(Stopwatch.GetTimestamp()));
        }
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { Database.CurrentTransaction: null } context)
        {
            Enter("save_changes");
            _holders.AddOrUpdate(context, new(Stopwatch.GetTimestamp()));
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
    /// <param name="writer">Who takes it, for <c>smsportal.sqlite.write_turn.held</c>.</param>
    internal static async ValueTask<Turn> TakeTurnAsync(SqliteWriteGate? gate, string writer)
    {
        if (gate is null)
        {
            return default;
        }
        await gate.EnterAsync(writer, CancellationToken.None);
        return new Turn(gate._gate, writer, Stopwatch.GetTimestamp());
    }

    internal readonly struct Turn(SemaphoreSlim? gate, string writer, long since) : IDisposable
    {
        public void Dispose()
        {
            if (gate is not null)
            {
                Record(Held, writer, since);
                gate.Release();
            }
        }
    }

    private void Release(DbContext? context)
    {
        if (context is not null && _holders.TryGetValue(context, out var since) && _holders.Remove(context))
        {
            Record(Held, "save_changes", since.Value);
            _gate.Release();
        }
    }

    private async ValueTask EnterAsync(string writer, CancellationToken cancellationToken)
    {
        LowPriorityLane.ThrowIfOnLane("SQLite's write turn");
        if (_gate.Wait(0))
        {
            return;
        }
        var since = Stopwatch.GetTimestamp();
        await _gate.WaitAsync(cancellationToken);
        Record(Waited, writer, since);
    }

    private void Enter(string writer)
    {
        LowPriorityLane.ThrowIfOnLane("SQLite's write turn");
        if (_gate.Wait(0))
        {
            return;
        }
        var since = Stopwatch.GetTimestamp();
        _gate.Wait();
        Record(Waited, writer, since);
    }

    private static void Record(Counter<double> counter, string writer, long since) =>
        counter.Add(Stopwatch.GetElapsedTime(since).TotalSeconds, new KeyValuePair<string, object?>("writer", writer));
}
