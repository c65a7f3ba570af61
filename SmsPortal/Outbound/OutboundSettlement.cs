using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;
using SmsPortal.Work;

namespace SmsPortal.Outbound;

/// <summary>
/// Commits one send's result and its event together (in the next <see cref="GroupCommit"/>), guarded twice: only while this claim still holds the lease, and a
/// status only moves on from <c>Sending</c>, so a delivery report that arrived first (by our id) is never
/// overwritten with "sent". Each method returns the status now stored, or null when the lease was lost.
/// </summary>
/// <param name="wanted">The event types the workspace's event webhooks want (null: raise every status event).</param>
internal sealed class OutboundSettlement(GroupCommit commits, string owner, TimeProvider time, IReadOnlySet<string>? wanted = null)
{
    /// <param name="resendable">The gateway deduplicates by our id, so an uncertain send may be sent again.</param>
    public Task<OutboundStatus?> ApplyAsync(OutboundMessage message, GatewaySendResult result, QueueOptions queue, bool resendable) => result.Outcome switch
    {
        GatewaySendOutcome.Sent => SentAsync(message, result.GatewayMessageId),
        GatewaySendOutcome.PermanentFailure => FailAsync(message, result.Error ?? "The gateway refused the message."),
        GatewaySendOutcome.Uncertain when !resendable => FailAsync(message, UncertainReason(result.Error)),
        _ when message.Attempts >= queue.MaxAttempts => FailAsync(message, $"Gave up after {message.Attempts} attempts. Last error: {result.Error}"),
        _ => RetryAsync(message, result.Error, queue.Backoff(message.Attempts)),
    };

    /// <summary>What the user reads on a reply failed because its send may or may not have reached the gateway.</summary>
    public static string UncertainReason(string? error) =>
        $"Not confirmed: {error ?? "the gateway's answer was lost"}. The gateway may have sent it, so it was not sent again " +
        "automatically (this gateway takes no idempotency key: a second try could be a second SMS). Send it again from the conversation if it did not arrive.";

    public Task<OutboundStatus?> SentAsync(OutboundMessage message, string? gatewayMessageId) =>
        SettleAsync(message, OutboundStatus.Sent, null,
            "{SentAt} = COALESCE({SentAt}, @SentAt), {GatewayMessageId} = COALESCE(@GatewayMessageId, {GatewayMessageId}), {FailureReason} = NULL",
            (sql, command, now) => sql.Bind(command, "SentAt", now).Bind(command, "GatewayMessageId", gatewayMessageId));

    public Task<OutboundStatus?> FailAsync(OutboundMessage message, string reason)
    {
        var text = reason.Length <= 1000 ? reason : reason[..1000];
        return SettleAsync(message, OutboundStatus.Failed, text, "{FailureReason} = @FailureReason",
            (sql, command, _) => sql.Bind(command, "FailureReason", text));
    }

    public Task<OutboundStatus?> RetryAsync(OutboundMessage message, string? error, TimeSpan backoff)
    {
        var at = time.GetUtcNow() + backoff;
        var text = error is { Length: > 1000 } ? error[..1000] : error;
        return SettleAsync(message, OutboundStatus.Queued, text, "{FailureReason} = @FailureReason, {NextAttemptAt} = @NextAttemptAt",
            (sql, command, _) => sql.Bind(command, "FailureReason", text).Bind(command, "NextAttemptAt", at));
    }

    /// <summary>Back to the queue at once, to be sent again under the same id (the gateway deduplicates by it).</summary>
    public Task<OutboundStatus?> RequeueAsync(OutboundMessage message) => SettleAsync(message, OutboundStatus.Queued, null, null, (_, _, _) => { });

    /// <param name="reason">The failure reason <paramref name="also"/> stores, for the event.</param>
    /// <param name="also">What else the settlement sets (SQL for <see cref="ModelSql{T}"/>), and <paramref name="bind"/> its parameters.</param>
    private Task<OutboundStatus?> SettleAsync(OutboundMessage message, OutboundStatus next, string? reason, string? also,
        Action<ModelSql<OutboundMessage>, DbCommand, DateTimeOffset> bind) =>
        commits.RunAsync(async db =>
        {
            var now = time.GetUtcNow();
            // Lease and claim released; a message that leaves the queue has no next attempt.
            var sets = (next == OutboundStatus.Queued ? "" : "{NextAttemptAt} = NULL, ")
                + "{LeaseOwner} = NULL, {LeaseExpiresAt} = NULL, {UpdatedAt} = @UpdatedAt" + (also is null ? "" : ", " + also);
            Task<int> UpdateAsync(string template)
            {
                var sql = ModelSql<OutboundMessage>.For(db, template);
                var command = sql.Command(db);
                sql.Bind(command, "Status", next).Bind(command, "Status_sending", OutboundStatus.Sending)
                    .Bind(command, "Id", message.Id).Bind(command, "LeaseOwner", owner).Bind(command, "UpdatedAt", now);
                bind(sql, command, now);
                return ExecuteAsync(command);
            }
            // The usual case in one statement: still this claim's and still Sending, so it moves on to next.
            var moved = await UpdateAsync("UPDATE {table} SET {Status} = @Status, " + sets
                + " WHERE {Id} = @Id AND {LeaseOwner} = @LeaseOwner AND {Status} = @Status_sending");
            if (moved == 1)
            {
                await RaiseAsync(db, message, next, reason, now);
                return next;
            }
            // Not Sending any more (a delivery report by our id came first) or the lease is gone.
            var updated = await UpdateAsync("UPDATE {table} SET {Status} = CASE WHEN {Status} = @Status_sending THEN @Status ELSE {Status} END, "
                + sets + " WHERE {Id} = @Id AND {LeaseOwner} = @LeaseOwner");
            if (updated == 0)
            {
                return (OutboundStatus?)null;
            }
            var stored = await db.OutboundMessages.Where(m => m.Id == message.Id).Select(m => new { m.Status, m.FailureReason }).FirstAsync();
            if (stored.Status == next)
            {
                await RaiseAsync(db, message, next, stored.FailureReason, now);
            }
            return stored.Status;
        });

    private static async Task<int> ExecuteAsync(DbCommand command)
    {
        await using (command)
        {
            return await command.ExecuteNonQueryAsync();
        }
    }

    private async Task RaiseAsync(AppDbContext db, OutboundMessage message, OutboundStatus status, string? reason, DateTimeOffset at)
    {
        if (OutboundEvents.TypeFor(status) is { } type && (wanted is null || wanted.Contains(type)))
        {
            db.RaiseStatusEvent(message, status, reason, at);
            await db.SaveChangesAsync();
        }
    }
}
