using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;

namespace SmsPortal.Team;

/// <summary>
/// The acting user's role as the database has it now. Every privileged service method checks it here rather than
/// trusting the role claim, which a cookie or an open portal tab may carry for a while after a role change or removal.
/// </summary>
public static class MemberRoles
{
    /// <exception cref="UserInputException">The actor is not a member with at least <paramref name="minimum"/>.</exception>
    public static async Task<WorkspaceRole> RequireAsync(AppDbContext db, Guid workspaceId, Actor actor, WorkspaceRole minimum, CancellationToken cancellationToken)
    {
        if (actor.IsOperator)
        {
            return WorkspaceRole.Owner;
        }
        var role = actor.UserId is null
            ? null
            : await db.WorkspaceMembers.AsNoTracking()
                .Where(m => m.WorkspaceId == workspaceId && m.UserId == actor.UserId)
                .Select(m => (WorkspaceRole?)m.Role)
                .SingleOrDefaultAsync(cancellationToken);
        if (role is null || role < minimum)
        {
            throw new UserInputException(minimum switch
            {
                WorkspaceRole.Owner => "Only an Owner of this team can do that.",
                WorkspaceRole.Admin => "Only an Owner or Admin of this team can do that.",
                _ => "You are no longer a member of this team.",
            });
        }
        return role.Value;
    }

    /// <inheritdoc cref="RequireAsync(AppDbContext, Guid, Actor, WorkspaceRole, CancellationToken)"/>
    public static async Task<WorkspaceRole> RequireAsync(
        IDbContextFactory<AppDbContext> dbFactory, Guid workspaceId, Actor actor, WorkspaceRole minimum, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await RequireAsync(db, workspaceId, actor, minimum, cancellationToken);
    }
}
