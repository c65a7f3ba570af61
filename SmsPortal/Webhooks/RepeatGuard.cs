using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;
using SmsPortal.Endpoints;
using SmsPortal.Messages;
using PendingWrite = SmsPortal.Webhooks.InboundMessageStore.PendingWrite;

namespace SmsPortal.Webhooks;

/// <summary>
/// The second duplicate guard, for gateways that send one SMS twice under two ids (textbee #159): the same device,
/// sender and text received within <see cref="Window"/> of each other is one message. A per-endpoint switch
/// (<see cref="Endpoints.WebhookEndpoint.KeepRepeatedTexts"/>) turns it off for senders that really repeat themselves
/// (GPS trackers sending the same position text).
/// </summary>
internal static class RepeatGuard
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The phone gateways, whose ids come from the phone. The native and Standard Webhooks formats carry the sender's own
    /// idempotency key (the contract: one id, one message) and Twilio's MessageSid is unique per SMS.
    /// </summary>
    public static bool AppliesTo(EndpointFormat format) => format is EndpointFormat.SmsGate or EndpointFormat.Textbee or EndpointFormat.HttpSms;

    public static string Describe(string? storedId) =>
        $"Same device, sender and text as {storedId}, received within {Window.TotalSeconds:0} s: a repeat under a new gateway id.";

    /// <summary>An earlier write in the same batch that <paramref name="write"/> repeats, if the guard applies.</summary>
    public static PendingWrite? FindIn(IEnumerable<PendingWrite> leaders, PendingWrite write) =>
        write.DropRepeats ? leaders.FirstOrDefault(l => Repeats(l.Message!, write.Message!)) : null;

    /// <summary>Settles as duplicates the writes that repeat a message already stored.</summary>
    public static async Task MarkStoredRepeatsAsync(AppDbContext db, IReadOnlyList<PendingWrite> writes)
    {
        if (writes.Count == 0)
        {
            return;
        }
        var workspaceIds = writes.Select(w => w.Message!.WorkspaceId).Distinct().ToList();
        var senders = writes.Select(w => w.Message!.From).Distinct().ToList();
        var from = writes.Min(w => w.Message!.ReceivedAt) - Window;
        var until = writes.Max(w => w.Message!.ReceivedAt) + Window;
        var candidates = await db.InboundMessages.AsNoTracking()
            .Where(m => workspaceIds.Contains(m.WorkspaceId) && senders.Contains(m.From) && m.ReceivedAt >= from && m.ReceivedAt <= until && !m.IsTest)
            .Select(m => new InboundMessage
            {
                Id = m.Id, WorkspaceId = m.WorkspaceId, EndpointId = m.EndpointId, ExternalId = m.ExternalId, From = m.From,
                Text = m.Text, ReceivedAt = m.ReceivedAt, DeviceId = m.DeviceId, RawPayload = "",
            })
            .ToListAsync();
        foreach (var write in writes)
        {
            if (candidates.FirstOrDefault(c => Repeats(c, write.Message!)) is { } stored)
            {
                write.Result = new StoreResult(DeliveryOutcome.Duplicate, stored.Id, Describe(stored.Id));
            }
        }
    }

    private static bool Repeats(InboundMessage earlier, InboundMessage later) =>
        earlier.WorkspaceId == later.WorkspaceId
        && earlier.EndpointId == later.EndpointId
        && earlier.DeviceId == later.DeviceId
        && earlier.From == later.From
        && earlier.Text == later.Text
        && (earlier.ReceivedAt - later.ReceivedAt).Duration() <= Window;
}
