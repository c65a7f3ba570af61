using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Team;

namespace SmsPortal.Contacts;

/// <summary>
/// Who is looking at a workspace's conversations, as the database has it now: their user id, their role, and
/// whether the workspace's "Agents see only their own and unassigned conversations" setting restricts them.
/// </summary>
public sealed record ConversationViewer(Guid WorkspaceId, string? UserId, WorkspaceRole Role, bool OwnAndUnassignedOnly)
{
    /// <summary>The CLI or the demo seeder: sees everything.</summary>
    public static ConversationViewer Operator(Guid workspaceId) => new(workspaceId, null, WorkspaceRole.Owner, false);
}

/// <summary>
/// The one place the "Agents see only their own and unassigned" rule is applied: lists, counts, threads, search and
/// exports all narrow their contacts through <see cref="Apply"/>, and anything that names one conversation checks it
/// with <see cref="RequireVisibleAsync"/>. An HTTP API does the same with the member its filter let through.
/// </summary>
public static class ConversationVisibility
{
    /// <summary>What a conversation that does not exist, or that the viewer may not see, reads as.</summary>
    public const string NotFound = "That conversation was not found.";

    /// <summary>Reads the actor's role and the workspace's setting from the database (never from a cookie's claims).</summary>
    /// <exception cref="UserInputException">The actor is not a member of the workspace.</exception>
    public static async Task<ConversationViewer> ViewerAsync(AppDbContext db, Guid workspaceId, Actor actor, CancellationToken cancellationToken)
    {
        if (actor.IsOperator)
        {
            return ConversationViewer.Operator(workspaceId);
        }
        var role = await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Agent, cancellationToken);
        var restricted = role == WorkspaceRole.Agent && await db.WorkspaceSettings.AsNoTracking()
            .AnyAsync(s => s.WorkspaceId == workspaceId && s.AgentsSeeOwnAndUnassigned, cancellationToken);
        return new ConversationViewer(workspaceId, actor.UserId, role, restricted);
    }

    /// <inheritdoc cref="ViewerAsync(AppDbContext, Guid, Actor, CancellationToken)"/>
    public static async Task<ConversationViewer> ViewerAsync(IDbContextFactory<AppDbContext> dbFactory, Guid workspaceId, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ViewerAsync(db, workspaceId, actor, cancellationToken);
    }

    /// <summary>The workspace's contacts this viewer may see.</summary>
    public static IQueryable<Contact> Apply(IQueryable<Contact> contacts, ConversationViewer viewer)
    {
        contacts = contacts.Where(c => c.WorkspaceId == viewer.WorkspaceId);
        if (viewer.OwnAndUnassignedOnly)
        {
            var userId = viewer.UserId;
            contacts = contacts.Where(c => c.AssigneeId == null || c.AssigneeId == userId);
        }
        return contacts;
    }

    /// <summary>The contacts <paramref name="actor"/> may see, for a query of one's own (an API's, an export's).</summary>
    public static async Task<IQueryable<Contact>> VisibleContactsAsync(AppDbContext db, Guid workspaceId, Actor actor, CancellationToken cancellationToken) =>
        Apply(db.Contacts.AsNoTracking(), await ViewerAsync(db, workspaceId, actor, cancellationToken));

    public static async Task<bool> CanSeeAsync(AppDbContext db, ConversationViewer viewer, Guid contactId, CancellationToken cancellationToken) =>
        await Apply(db.Contacts.AsNoTracking(), viewer).AnyAsync(c => c.Id == contactId, cancellationToken);

    /// <summary>
    /// Refuses a conversation the viewer may not see with the same words as one that does not exist, so an Agent
    /// cannot learn which ids belong to a colleague's conversations.
    /// </summary>
    public static async Task RequireVisibleAsync(AppDbContext db, ConversationViewer viewer, Guid contactId, CancellationToken cancellationToken)
    {
        if (!await CanSeeAsync(db, viewer, contactId, cancellationToken))
        {
            throw new UserInputException(NotFound);
        }
    }
}
