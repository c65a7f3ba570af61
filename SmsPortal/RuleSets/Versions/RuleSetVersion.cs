namespace SmsPortal.RuleSets.Versions;

/// <summary>
/// One published version of a workspace's rule set (rules and compliance settings), kept for ever. The live version
/// is the one with the highest number: publishing, and rolling back (publishing an old version's document again),
/// only ever add a version, so exactly one is live however many publish at once.
/// </summary>
public sealed class RuleSetVersion
{
    public Guid WorkspaceId { get; init; }
    public int Number { get; init; }
    /// <summary>The <see cref="Rules.Model.RuleSetDocument"/> as JSON, in the import/export format.</summary>
    public required string DocumentJson { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
    public required string PublishedBy { get; init; }
    public string? PublishedByUserId { get; init; }
    public string? Comment { get; init; }
    /// <summary>Set when this version is a roll back: the version whose document it published again.</summary>
    public int? RestoredFrom { get; init; }
    public int RuleCount { get; init; }
}
