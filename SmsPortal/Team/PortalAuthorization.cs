using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsPortal.Data;

namespace SmsPortal.Team;

public static class PortalClaims
{
    public const string Workspace = "smsportal:workspace";
    public const string WorkspaceName = "smsportal:workspace-name";
}

/// <summary>What a member may do. Checked on the server (page attributes and services), not only in the menu.</summary>
public static class Policies
{
    /// <summary>Any member of a workspace: read and answer the inbox, see rules.</summary>
    public const string Member = "member";

    /// <summary>Owners and Admins: endpoints, secrets, rules, gateway settings, team.</summary>
    public const string Admin = "admin";

    /// <summary>Owners only: roles of other members, ownership.</summary>
    public const string Owner = "owner";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Member, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.Workspace));
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.Workspace)
            .RequireRole(nameof(WorkspaceRole.Owner), nameof(WorkspaceRole.Admin)));
        options.AddPolicy(Owner, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.Workspace)
            .RequireRole(nameof(WorkspaceRole.Owner)));
    }
}

/// <summary>
/// Puts the user's workspace and role into the sign-in cookie, so every request and circuit knows them without a
/// query. A role change takes effect at the next sign-in or when the security stamp is revalidated (the
/// portal bumps the stamp when it changes a member's role).
/// </summary>
public sealed class PortalClaimsPrincipalFactory(
    UserManager<AppUser> users, IOptions<IdentityOptions> options, AppDbContext db)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var membership = await db.WorkspaceMembers.AsNoTracking()
            .Where(m => m.UserId == user.Id)
            .Join(db.Workspaces, m => m.WorkspaceId, w => w.Id, (m, w) => new { m.WorkspaceId, w.Name, m.Role, m.JoinedAt })
            .OrderBy(m => m.JoinedAt)
            .FirstOrDefaultAsync();
        if (membership is not null)
        {
            identity.AddClaim(new Claim(PortalClaims.Workspace, membership.WorkspaceId.ToString()));
            identity.AddClaim(new Claim(PortalClaims.WorkspaceName, membership.Name));
            identity.AddClaim(new Claim(ClaimTypes.Role, membership.Role.ToString()));
        }
        return identity;
    }
}

/// <summary>The signed-in member as the portal's services need them.</summary>
public sealed record PortalUser(string UserId, string Email, Guid WorkspaceId, string WorkspaceName, WorkspaceRole Role)
{
    public bool IsAdmin => Role is WorkspaceRole.Owner or WorkspaceRole.Admin;

    public Audit.Actor Actor => new(UserId, Email);

    public static PortalUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true
            || !Guid.TryParse(principal.FindFirstValue(PortalClaims.Workspace), out var workspaceId)
            || !Enum.TryParse<WorkspaceRole>(principal.FindFirstValue(ClaimTypes.Role), out var role))
        {
            return null;
        }
        return new PortalUser(
            principal.FindFirstValue(ClaimTypes.NameIdentifier)!,
            principal.FindFirstValue(ClaimTypes.Email) ?? principal.Identity.Name ?? "",
            workspaceId,
            principal.FindFirstValue(PortalClaims.WorkspaceName) ?? "",
            role);
    }
}
