namespace SmsPortal.Work;

/// <summary>Picks work round-robin across workspaces: every workspace's oldest item before any workspace's second.</summary>
public static class FairShare
{
    /// <param name="oldestFirst">Candidates, oldest first.</param>
    /// <param name="room">How many more items of a workspace may be taken (its limit less what is in flight).</param>
    public static List<string> Pick(IReadOnlyList<(string Id, Guid WorkspaceId)> oldestFirst, Func<Guid, int> room, int capacity) =>
        [.. oldestFirst
            .GroupBy(c => c.WorkspaceId)
            .SelectMany(g => g.Take(Math.Max(0, room(g.Key))).Select((c, rank) => (c.Id, Rank: rank)))
            .OrderBy(c => c.Rank).ThenBy(c => c.Id, StringComparer.Ordinal)
            .Take(capacity)
            .Select(c => c.Id)];
}
