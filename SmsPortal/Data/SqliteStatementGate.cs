using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SmsPortal.Data;

/// <summary>
/// The other half of <see cref="SqliteWriteGate"/>: a bulk <c>ExecuteUpdate</c> / <c>ExecuteDelete</c> (the queues'
/// claims and settlements, lease renewals) writes outside SaveChanges, in a statement of its own. Without the gate
/// such a statement met a SaveChanges at SQLite's write lock and slept in the busy handler, so an outbox send
/// settled in ~18 ms instead of well under one. A statement of a SaveChanges that already holds the gate (a one-row
/// save runs without a transaction) and anything inside an explicit transaction pass straight through.
/// </summary>
internal sealed class SqliteStatementGate(SqliteWriteGate gate) : DbCommandInterceptor
{
    private readonly ConditionalWeakTable<DbCommand, object> _holders = [];

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (NeedsGate(command, eventData))
        {
            await gate.EnterAsync(cancellationToken);
            _holders.AddOrUpdate(command, this);
        }
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (NeedsGate(command, eventData))
        {
            gate.Enter();
            _holders.AddOrUpdate(command, this);
        }
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Release(command);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Release(command);
        return result;
    }

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(command);
        return Task.CompletedTask;
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Release(command);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(command);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Release(command);

    private bool NeedsGate(DbCommand command, CommandEventData eventData) =>
        command.Transaction is null
        && eventData.Context is { } context && !gate.IsHeldBy(context)
        && IsWrite(command.CommandText);

    private static bool IsWrite(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        return text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase);
    }

    private void Release(DbCommand command)
    {
        if (_holders.Remove(command))
        {
            gate.Exit();
        }
    }
}
