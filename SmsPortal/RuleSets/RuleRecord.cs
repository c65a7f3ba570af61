namespace SmsPortal.RuleSets;

/// <summary>A workspace's rule as stored: its definition as JSON (the import/export format) plus counters.</summary>
public sealed class RuleRecord
{
    public Guid WorkspaceId { get; init; }
    public required string Id { get; init; }
    /// <summary>Authoring order: the tie-breaker after priority.</summary>
    public int Position { get; set; }
    public required string Name { get; set; }
    public bool Enabled { get; set; } = true;
    public int Priority { get; set; }
    public required string DefinitionJson { get; set; }
    public long HitCount { get; set; }
    public DateTimeOffset? LastFiredAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
