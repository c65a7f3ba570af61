using Microsoft.EntityFrameworkCore;
using SmsPortal.Common;
using SmsPortal.Data;

namespace SmsPortal.Team;

/// <summary>
/// For HTTP APIs: the signed-in member, but only if the database still gives them <c>minimum</c> in the workspace their
/// cookie names. A cookie issued before a demotion or removal carries the old role claim; this does not trust it.
/// </summary>
public sealed class MemberAccess(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<PortalUser?> CurrentAsync(HttpContext context, WorkspaceRole minimum)
    {
        if (PortalUser.From(context.User) is not { } user)
        {
            return null;
        }
        try
        {
            var role = await MemberRoles.RequireAsync(dbFactory, user.WorkspaceId, user.Actor, minimum, context.RequestAborted);
            return user with { Role = role };
        }
        catch (UserInputException)
        {
            return null;
        }
    }

    /// <summary>
    /// For an open portal tab: whether the workspace and role in its claims are still the database's (a user without a
    /// workspace claim has nothing to lose).
    /// </summary>
    public async Task<bool> StillHoldsAsync(System.Security.Claims.ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (PortalUser.From(principal) is not { } claimed)
        {
            return true;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.WorkspaceMembers.AsNoTracking()
            .Where(m => m.WorkspaceId == claimed.WorkspaceId && m.UserId == claimed.UserId)
            .Select(m => (WorkspaceRole?)m.Role)
            .SingleOrDefaultAsync(cancellationToken);
        return role == claimed.Role;
    }

    /// <summary>403 as problem JSON, saying why.</summary>
    public static IResult Refused() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Not allowed",
        detail: "Your role in this team does not allow this (it may have changed since you signed in).");
}
