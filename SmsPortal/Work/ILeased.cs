namespace SmsPortal.Work;

/// <summary>
/// A row of a work queue. A node takes it by writing its <see cref="LeaseOwner"/> and an expiry; while the lease
/// runs no other node takes it, and when the node dies the lease runs out and another node takes it again.
/// </summary>
public interface ILeased
{
    string Id { get; }
    Guid WorkspaceId { get; }
    string? LeaseOwner { get; set; }
    DateTimeOffset? LeaseExpiresAt { get; set; }
}
