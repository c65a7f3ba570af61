using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;
using SmsPortal.Live;

namespace SmsPortal.Outbound;

/// <summary>How gateways' status events reach the outbox, whatever format they arrived in.</summary>
public interface IDeliveryReports
{
    /// <summary>Returns our id of the message that was updated, or null when no message of this workspace matches.</summary>
    Task<string?> ApplyAsync(Guid workspaceId, DeliveryReport report, CancellationToken cancellationToken);
}

/// <summary>A gateway's report on a message the portal sent through it.</summary>
/// <param name="GatewayMessageId">The gateway's id for the outbound message (the key to find it by).</param>
/// <param name="OutboundId">Our own id, when the gateway echoes it back as a separate field (httpSMS's <c>request_id</c>).</param>
/// <param name="Reason">Human-readable failure reason, when the gateway gives one.</param>
/// <param name="ErrorCode">The gateway's machine-readable error code, when it gives one.</param>
/// <param name="OccurredAt">When the gateway says the change happened, if it says.</param>
public sealed record DeliveryReport(
    string GatewayMessageId, string? OutboundId, ReportedStatus Status, string? Recipient, string? Reason, string? ErrorCode,
    DateTimeOffset? OccurredAt)
{
    /// <summary>
    /// Another id the gateway may have answered our send with (textbee answers with <c>smsBatchId</c> and reports
    /// statuses per <c>smsId</c>; we send one recipient per request, so the batch names one message).
    /// </summary>
    public string? GatewayBatchId { get; init; }
}

/// <summary>The milestones a gateway reports; interim states (queued, sending) are not reported.</summary>
public enum ReportedStatus
{
    Sent,
    Delivered,
    Failed,
}

/// <summary>
/// Applies a gateway's status event (sent, delivered, failed) to the outbound message it is about. Events arrive
/// late and out of order, so a status only moves forward: a late "sent" never undoes "delivered". The update is
/// guarded (the status and lease it read are concurrency tokens), so two reports, or a report and the dispatcher
/// settling the send, that race are applied one after the other, each to what the other left.
/// </summary>
/// <remarks>
/// A report can outrun the dispatcher's commit of the gateway's id (the gateway answers, reports at once, and our
/// commit lands a few milliseconds later): a report that matches nothing is looked up again for about a second.
/// </remarks>
internal sealed class DeliveryReports(IDbContextFactory<AppDbContext> dbFactory, LiveUpdates live, TimeProvider time) : IDeliveryReports
{
    private const int Tries = 4;

    public async Task<string?> ApplyAsync(Guid workspaceId, DeliveryReport update, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var applied = await ApplyOnceAsync(workspaceId, update, cancellationToken);
                if (applied is not null || attempt == Tries)
                {
                    return applied;
                }
            }
            catch (DbUpdateConcurrencyException) when (attempt < Tries)
            {
                continue;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(150 * attempt), cancellationToken);
        }
    }

    private async Task<string?> ApplyOnceAsync(Guid workspaceId, DeliveryReport update, CancellationToken cancellationToken)
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
        db.RaiseStatusEvent(message, next, message.FailureReason, now);
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
