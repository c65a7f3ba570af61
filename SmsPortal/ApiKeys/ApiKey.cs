namespace SmsPortal.ApiKeys;

/// <summary>
/// A workspace's key for the REST API, tied to no person. Only a SHA-256 hash of the key is stored; the short
/// <see cref="Prefix"/> (the part before the secret) finds the row, and is what lists and logs show.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public required string Name { get; set; }
    /// <summary><c>smsp_</c> + 10 characters: unique, not secret.</summary>
    public required string Prefix { get; init; }
    /// <summary>SHA-256 of the whole key. The key has 256 random bits, so a fast hash is as strong as a slow one.</summary>
    public required byte[] Hash { get; init; }
    /// <summary>Space-separated, from <see cref="ApiScopes.All"/>.</summary>
    public required string Scopes { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    /// <summary>
    /// The member this key acts as: it sees the conversations that member sees (their role and the workspace's
    /// "own and unassigned" setting, read on every request) and stops working when they leave. Null: the whole workspace.
    /// </summary>
    public string? ActsAsUserId { get; init; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
