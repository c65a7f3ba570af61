using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;
using SmsPortal.Live;

namespace SmsPortal.Processing;

/// <summary>What a processed batch asks for once it is committed.</summary>
public sealed class ProcessedBatch
{
    public List<LiveUpdate> Updates { get; } = [];
    public bool OutboundQueued { get; set; }
    public bool ForwardQueued { get; set; }

    /// <summary>How many times each rule (by workspace) fired in the batch, for the rules' hit counts.</summary>
    public Dictionary<(Guid WorkspaceId, string RuleId), int> RuleHits { get; } = [];

    /// <summary>
    /// Adds the batch's firings to the rules' hit counts in the database, inside the batch's transaction: an
    /// increment, so two nodes that fire the same rule at once both count, and one statement per workspace and count.
    /// </summary>
    public async Task ApplyRuleHitsAsync(AppDbContext db, DateTimeOffset at, CancellationToken cancellationToken)
    {
        foreach (var group in RuleHits.GroupBy(h => (h.Key.WorkspaceId, Count: h.Value), h => h.Key.RuleId))
        {
            var (workspaceId, count) = group.Key;
            var ruleIds = group.ToList();
            await db.Rules.Where(r => r.WorkspaceId == workspaceId && ruleIds.Contains(r.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.HitCount, r => r.HitCount + count).SetProperty(r => r.LastFiredAt, at), cancellationToken);
        }
    }
}

/// <summary>Thrown when one message of a batch cannot be processed; the rest of the batch is retried without it.</summary>
public sealed class MessageProcessingException(string messageId, Exception inner)
    : Exception($"Processing message {messageId} failed: {inner.Message}", inner)
{
    public string MessageId { get; } = messageId;
}
