using SmsPortal.Common;

namespace SmsPortal.Outbound;

/// <summary>The event webhooks a sent message raises as its status moves on.</summary>
internal static class OutboundEvents
{
    public static string? TypeFor(OutboundStatus status) => status switch
    {
        OutboundStatus.Sent => EventTypes.MessageSent,
        OutboundStatus.Delivered => EventTypes.MessageDelivered,
        OutboundStatus.Failed => EventTypes.MessageFailed,
        _ => null,
    };

    public static MessageEventData EventData(this OutboundMessage m, OutboundStatus status, string? failureReason, DateTimeOffset at) =>
        new(m.Id, "outbound", m.ContactId, null, m.To, m.Text, status.ToString().ToLowerInvariant(), at, status == OutboundStatus.Failed ? failureReason : null);

    /// <summary>Raises the event of <paramref name="status"/> (if it has one) in the unit of work that stores it.</summary>
    public static void RaiseStatusEvent(this Data.AppDbContext db, OutboundMessage m, OutboundStatus status, string? failureReason, DateTimeOffset at)
    {
        if (TypeFor(status) is { } type)
        {
            db.RaiseEvent(m.WorkspaceId, type, m.EventData(status, failureReason, at), at);
        }
    }
}
