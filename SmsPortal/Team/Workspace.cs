namespace SmsPortal.Team;

/// <summary>A team: the unit that owns endpoints, messages, contacts and rules.</summary>
public sealed class Workspace
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public List<WorkspaceMember> Members { get; init; } = [];
}

public sealed class WorkspaceMember
{
    public Guid WorkspaceId { get; init; }
    public required string UserId { get; init; }
    public WorkspaceRole Role { get; set; }
    public DateTimeOffset JoinedAt { get; init; }
    /// <summary>Away members get no conversations from round-robin assignment.</summary>
    public bool IsAway { get; set; }
    /// <summary>The last conversation round robin gave them: the longest-waiting member gets the next one.</summary>
    public DateTimeOffset? LastAssignedAt { get; set; }
    public AppUser? User { get; init; }
}

public enum WorkspaceRole
{
    Agent = 0,
    Admin = 1,
    Owner = 2,
}
