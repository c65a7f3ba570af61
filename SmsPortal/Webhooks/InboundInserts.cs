using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;
using SmsPortal.Messages;
using PendingWrite = SmsPortal.Webhooks.InboundMessageStore.PendingWrite;

namespace SmsPortal.Webhooks;

/// <summary>
/// Settles one batch of distinct deliveries inside the writer's transaction: one multi-row INSERT where the unique
/// (workspace, gateway id) index decides what is new, then one lookup for the stored ids of the rest.
/// </summary>
internal static class InboundInserts
{
    public static async Task SettleAsync(AppDbContext db, IReadOnlyList<PendingWrite> leaders)
    {
        // The repeat guard needs to know first which of its writes are plain redeliveries (same id), then which repeat a stored text.
        var guarded = leaders.Where(l => l.DropRepeats).ToList();
        if (guarded.Count > 0)
        {
            await MarkStoredAsync(db, guarded);
            await RepeatGuard.MarkStoredRepeatsAsync(db, [.. guarded.Where(l => l.Result is null)]);
        }

        var fresh = leaders.Where(l => l.Result is null).ToList();
        if (fresh.Count == 0)
        {
            return;
        }
        var insert = BatchInsert<InboundMessage>.For(db, nameof(InboundMessage.Id), nameof(InboundMessage.WorkspaceId), nameof(InboundMessage.ExternalId));
        var inserted = (await insert.ExecuteAsync(db, [.. fresh.Select(l => l.Message!)])).Cast<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var write in fresh.Where(w => inserted.Contains(w.Message!.Id)))
        {
            write.Result = new StoreResult(DeliveryOutcome.Accepted, write.Message!.Id);
        }
        var known = fresh.Where(l => l.Result is null).ToList();
        await MarkStoredAsync(db, known);
        if (known.Any(l => l.Result is null))
        {
            throw new InvalidOperationException("An inbound message was neither inserted nor found under its gateway id.");
        }
    }

    /// <summary>Settles as duplicates the writes whose (workspace, gateway id) is already stored.</summary>
    private static async Task MarkStoredAsync(AppDbContext db, IReadOnlyList<PendingWrite> writes)
    {
        if (writes.Count == 0)
        {
            return;
        }
        var workspaceIds = writes.Select(w => w.Message!.WorkspaceId).Distinct().ToList();
        var externalIds = writes.Select(w => w.Message!.ExternalId).Distinct().ToList();
        var existing = await db.InboundMessages.AsNoTracking()
            .Where(m => workspaceIds.Contains(m.WorkspaceId) && externalIds.Contains(m.ExternalId))
            .Select(m => new { m.WorkspaceId, m.ExternalId, m.Id })
            .ToDictionaryAsync(m => (m.WorkspaceId, m.ExternalId), m => m.Id);
        foreach (var write in writes)
        {
            if (existing.TryGetValue((write.Message!.WorkspaceId, write.Message.ExternalId), out var id))
            {
                write.Result = new StoreResult(DeliveryOutcome.Duplicate, id);
            }
        }
    }
}
