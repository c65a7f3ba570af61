namespace SmsPortal.SavedReplies;

/// <summary>A canned response of one workspace: found by its shortcut after <c>/</c> in the reply box.</summary>
public sealed class SavedReply
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    /// <summary>What is typed after <c>/</c> (<c>hours</c>), unique in the workspace.</summary>
    public required string Shortcut { get; set; }
    /// <summary>The text, with variables such as <c>{{contact.name|there}}</c>.</summary>
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
