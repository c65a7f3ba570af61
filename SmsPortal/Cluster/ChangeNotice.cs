namespace SmsPortal.Cluster;

/// <summary>A row saying "what you cached about this is stale", read by every node (and written by the CLI).</summary>
public sealed class ChangeNotice
{
    public long Id { get; init; }
    /// <summary>Which cache: <see cref="ClusterChanges.Endpoint"/>, <see cref="ClusterChanges.RuleSet"/>, ...</summary>
    public required string Kind { get; init; }
    public required string Key { get; init; }
    /// <summary>The node that wrote it; it has already forgotten its own copy.</summary>
    public required string Origin { get; init; }
    public DateTimeOffset At { get; init; }
}
