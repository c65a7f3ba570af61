namespace SmsPortal.Work;

/// <summary>Picks work round-robin across workspaces: every workspace's oldest item before any workspace's second.</summary>
public static class FairShare
{
    /// <param name="oldestFirst">Candidates, oldest first.</param>
    public static List<string> Pick(IReadOnlyList<(string Id, Guid WorkspaceId)> oldestFirst, int perWorkspace, int capacity) =>
        [.. oldestFirst
            .GroupBy(c => c.WorkspaceId)
            .SelectMany(g => g.Take(perWorkspace).Select((c, rank) => (c.Id, Rank: rank)))
            .OrderBy(c => c.Rank).ThenBy(c => c.Id, StringComparer.Ordinal)
            .Take(capacity)
            .Select(c => c.Id)];
}
