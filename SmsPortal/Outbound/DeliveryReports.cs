using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;
using SmsPortal.Live;
using SmsPortal.Webhooks.Formats;

namespace SmsPortal.Outbound;

/// <summary>
/// Applies a gateway's status event (sent, delivered, failed) to the outbound message it is about. Events arrive
/// late and out of order, so a status only moves forward: a late "sent" never undoes "delivered".
/// </summary>
public sealed class OutboundStatusUpdater(IDbContextFactory<AppDbContext> dbFactory, LiveUpdates live, TimeProvider time)
{
    /// <summary>Returns our id of the message that was updated, or null when no message of this workspace matches.</summary>
    public async Task<string?> ApplyAsync(Guid workspaceId, StatusUpdate update, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = new[] { update.GatewayMessageId, update.OutboundId, update.GatewayBatchId }.OfType<string>().ToList();
        var message = await db.OutboundMessages
            .Where(m => m.WorkspaceId == workspaceId && (ids.Contains(m.Id) || (m.GatewayMessageId != null && ids.Contains(m.GatewayMessageId))))
            .OrderByDescending(m => m.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (message is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var at = update.OccurredAt ?? now;
        var next = update.Status switch
        {
            ReportedStatus.Sent => OutboundStatus.Sent,
            ReportedStatus.Delivered => OutboundStatus.Delivered,
            _ => OutboundStatus.Failed,
        };
        if (Rank(next) <= Rank(message.Status) && !(next == OutboundStatus.Failed && message.Status == OutboundStatus.Sent))
        {
            return message.Id;
        }

        message.Status = next;
        message.UpdatedAt = now;
        message.NextAttemptAt = null;
        switch (next)
        {
            case OutboundStatus.Sent:
                message.SentAt ??= at;
                break;
            case OutboundStatus.Delivered:
                message.SentAt ??= at;
                message.DeliveredAt = at;
                message.FailureReason = null;
                break;
            default:
                var reason = string.Join(" ", new[] { update.Reason, update.ErrorCode is null ? null : $"(code {update.ErrorCode})" }.OfType<string>());
                message.FailureReason = reason.Length == 0 ? "The gateway reported the message as failed." : reason;
                break;
        }
        await db.SaveChangesAsync(cancellationToken);
        live.Publish(new LiveUpdate(LiveUpdateKind.OutboundStatusChanged, workspaceId, message.ContactId, message.Id, message.Status.ToString()));
        return message.Id;
    }

    private static int Rank(OutboundStatus status) => status switch
    {
        OutboundStatus.Queued => 0,
        OutboundStatus.Sending => 1,
        OutboundStatus.Sent => 2,
        OutboundStatus.Failed => 3,
        OutboundStatus.Delivered => 4,
        _ => 0,
    };
}
