namespace SmsPortal.Team;

/// <summary>
/// An invite link to join a workspace with a role. Only a hash of the token is stored: the link is shown once,
/// to the person who created it, and a copy of the database cannot be used to join.
/// </summary>
public sealed class Invitation
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public WorkspaceRole Role { get; init; }
    /// <summary>SHA-256 of the token, hex.</summary>
    public required string TokenHash { get; init; }
    public required string CreatedByUserId { get; init; }
    public required string CreatedByName { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public string? AcceptedByUserId { get; set; }
    public string? AcceptedByEmail { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsPending(DateTimeOffset now) => AcceptedAt is null && RevokedAt is null && ExpiresAt > now;
}
