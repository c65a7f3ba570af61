using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;

namespace SmsPortal.Team;

/// <summary>
/// The acting user's role as the database has it now. Sensitive changes check it rather than the role claim, which
/// can be up to 30 minutes old after a role change.
/// </summary>
public static class MemberRoles
{
    public static async Task<WorkspaceRole> RequireAsync(AppDbContext db, Guid workspaceId, Actor actor, WorkspaceRole minimum, CancellationToken cancellationToken)
    {
        var role = actor.UserId is null
            ? null
            : await db.WorkspaceMembers.AsNoTracking()
                .Where(m => m.WorkspaceId == workspaceId && m.UserId == actor.UserId)
                .Select(m => (WorkspaceRole?)m.Role)
                .SingleOrDefaultAsync(cancellationToken);
        if (role is null || role < minimum)
        {
            throw new UserInputException(minimum == WorkspaceRole.Owner
                ? "Only an Owner of this team can do that."
                : "Only an Owner or Admin of this team can do that.");
        }
        return role.Value;
    }
}
