using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
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

    public Task<OutboundStatus?> SentAsync(OutboundMessage message, string? gatewayMessageId)
    {
        var now = time.GetUtcNow();
        return SettleAsync(message, OutboundStatus.Sent, null, set =>
        {
            set.SetProperty(m => m.SentAt, m => m.SentAt ?? now);
            set.SetProperty(m => m.GatewayMessageId, m => gatewayMessageId ?? m.GatewayMessageId);
            set.SetProperty(m => m.FailureReason, (string?)null);
        });
    }

    public Task<OutboundStatus?> FailAsync(OutboundMessage message, string reason)
    {
        var text = reason.Length <= 1000 ? reason : reason[..1000];
        return SettleAsync(message, OutboundStatus.Failed, text, set => set.SetProperty(m => m.FailureReason, text));
    }

    public Task<OutboundStatus?> RetryAsync(OutboundMessage message, string? error, TimeSpan backoff)
    {
        var at = time.GetUtcNow() + backoff;
        var text = error is { Length: > 1000 } ? error[..1000] : error;
        return SettleAsync(message, OutboundStatus.Queued, text, set =>
        {
            set.SetProperty(m => m.FailureReason, text);
            set.SetProperty(m => m.NextAttemptAt, at);
        });
    }

    /// <summary>Back to the queue at once, to be sent again under the same id (the gateway deduplicates by it).</summary>
    public Task<OutboundStatus?> RequeueAsync(OutboundMessage message) => SettleAsync(message, OutboundStatus.Queued, null, _ => { });

    /// <param name="reason">The failure reason <paramref name="also"/> stores, for the event.</param>
    private Task<OutboundStatus?> SettleAsync(OutboundMessage message, OutboundStatus next, string? reason, Action<UpdateSettersBuilder<OutboundMessage>> also) =>
        commits.RunAsync(async db =>
        {
            var now = time.GetUtcNow();
            // The usual case in one statement: still this claim's and still Sending, so it moves on to next.
            var moved = await db.OutboundMessages.Where(m => m.Id == message.Id && m.LeaseOwner == owner && m.Status == OutboundStatus.Sending)
                .ExecuteUpdateAsync(set =>
                {
                    set.SetProperty(m => m.Status, next);
                    Release(set, next, now);
                    also(set);
                });
            if (moved == 1)
            {
                await RaiseAsync(db, message, next, reason, now);
                return next;
            }
            // Not Sending any more (a delivery report by our id came first) or the lease is gone.
            var updated = await db.OutboundMessages.Where(m => m.Id == message.Id && m.LeaseOwner == owner)
                .ExecuteUpdateAsync(set =>
                {
                    set.SetProperty(m => m.Status, m => m.Status == OutboundStatus.Sending ? next : m.Status);
                    Release(set, next, now);
                    also(set);
                });
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

    private async Task RaiseAsync(Data.AppDbContext db, OutboundMessage message, OutboundStatus status, string? reason, DateTimeOffset at)
    {
        if (OutboundEvents.TypeFor(status) is { } type && (wanted is null || wanted.Contains(type)))
        {
            db.RaiseStatusEvent(message, status, reason, at);
            await db.SaveChangesAsync();
        }
    }

    private static void Release(UpdateSettersBuilder<OutboundMessage> set, OutboundStatus next, DateTimeOffset now)
    {
        if (next != OutboundStatus.Queued)
        {
            set.SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null);
        }
        set.SetProperty(m => m.LeaseOwner, (string?)null);
        set.SetProperty(m => m.LeaseExpiresAt, (DateTimeOffset?)null);
        set.SetProperty(m => m.UpdatedAt, now);
    }
}
