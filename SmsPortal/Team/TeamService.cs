using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;

namespace SmsPortal.Team;

public sealed record TeamMember(string UserId, string Email, WorkspaceRole Role, DateTimeOffset JoinedAt);

public sealed record PendingInvitation(Guid Id, WorkspaceRole Role, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>A new invitation; <see cref="Token"/> exists only here (the database keeps its hash).</summary>
public sealed record CreatedInvitation(Guid Id, string Token, WorkspaceRole Role, DateTimeOffset ExpiresAt)
{
    public string Link(string baseUri) => $"{baseUri.TrimEnd('/')}/invite/{Token}";
}

public sealed record InvitationDetails(Guid WorkspaceId, string WorkspaceName, WorkspaceRole Role, DateTimeOffset ExpiresAt);

public sealed record JoinedWorkspace(string UserId, string Email, Guid WorkspaceId, string WorkspaceName, WorkspaceRole Role);

/// <summary>
/// Members, roles and invitations of a workspace. Every change checks the acting user's role in the database, not
/// only the role in their cookie, which may be up to 30 minutes old (see <see cref="ChangeRoleAsync"/>).
/// </summary>
public sealed partial class TeamService(IDbContextFactory<AppDbContext> dbFactory, IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>The roles a member with <paramref name="role"/> may hand out by invitation.</summary>
    public static IReadOnlyList<WorkspaceRole> InvitableRoles(WorkspaceRole role) => role switch
    {
        WorkspaceRole.Owner => [WorkspaceRole.Admin, WorkspaceRole.Agent],
        WorkspaceRole.Admin => [WorkspaceRole.Agent],
        _ => [],
    };

    public async Task<IReadOnlyList<TeamMember>> MembersAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var members = await db.WorkspaceMembers.AsNoTracking()
            .Where(m => m.WorkspaceId == workspaceId)
            .Select(m => new TeamMember(m.UserId, m.User!.Email ?? m.User.UserName ?? "", m.Role, m.JoinedAt))
            .ToListAsync(cancellationToken);
        return members.OrderByDescending(m => m.Role).ThenBy(m => m.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<IReadOnlyList<PendingInvitation>> PendingInvitationsAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Invitations.AsNoTracking()
            .Where(i => i.WorkspaceId == workspaceId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt)
            .Take(200)
            .Select(i => new PendingInvitation(i.Id, i.Role, i.CreatedByName, i.CreatedAt, i.ExpiresAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Owners invite Admins and Agents, Admins invite Agents. The token is returned once and stored hashed.</summary>
    public async Task<CreatedInvitation> InviteAsync(Guid workspaceId, Actor actor, WorkspaceRole role, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actingRole = await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        if (!InvitableRoles(actingRole).Contains(role))
        {
            throw new UserInputException(role == WorkspaceRole.Admin
                ? "Only an Owner can invite Admins."
                : $"Invitations are for Admins or Agents, not {role}s.");
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var invitation = new Invitation
        {
            WorkspaceId = workspaceId,
            Role = role,
            TokenHash = Hash(token),
            CreatedByUserId = actor.UserId!,
            CreatedByName = actor.Name,
            CreatedAt = now,
            ExpiresAt = now + Invitation.Lifetime,
        };
        db.Invitations.Add(invitation);
        db.AddAudit(workspaceId, actor, TeamAuditActions.InvitationCreated, InvitationTarget(invitation.Id), now, $"role {role}, expires {invitation.ExpiresAt:u}");
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedInvitation(invitation.Id, token, role, invitation.ExpiresAt);
    }

    public async Task RevokeInvitationAsync(Guid workspaceId, Actor actor, Guid invitationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actingRole = await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == invitationId && i.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new UserInputException("That invitation does not exist.");
        var now = time.GetUtcNow();
        if (!invitation.IsPending(now))
        {
            throw new UserInputException("That invitation is no longer pending (used, revoked or expired).");
        }
        if (!InvitableRoles(actingRole).Contains(invitation.Role))
        {
            throw new UserInputException($"Only an Owner can revoke an invitation for an {invitation.Role}.");
        }
        invitation.RevokedAt = now;
        db.AddAudit(workspaceId, actor, TeamAuditActions.InvitationRevoked, InvitationTarget(invitation.Id), now, $"role {invitation.Role}");
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Owners only. The member's security stamp changes with their role, so their sign-in is revalidated: a page
    /// request within Identity's validation interval (30 minutes) and an open portal tab at its next revalidation
    /// (<c>IdentityRevalidatingAuthenticationStateProvider</c>, also 30 minutes) see the new role; until then the
    /// services, which check roles in the database, refuse what the old role allowed.
    /// </summary>
    public async Task ChangeRoleAsync(Guid workspaceId, Actor actor, string userId, WorkspaceRole role, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(role))
        {
            throw new UserInputException("Choose Owner, Admin or Agent.");
        }
        await ChangeMemberAsync(workspaceId, actor, userId, async (db, member, email, now) =>
        {
            if (member.Role == role)
            {
                return false;
            }
            if (member.Role == WorkspaceRole.Owner && await OwnerCountAsync(db, workspaceId, cancellationToken) == 1)
            {
                throw new UserInputException("A team needs an Owner: make another member Owner before changing this one's role.");
            }
            db.AddAudit(workspaceId, actor, TeamAuditActions.RoleChanged, email, now, $"{member.Role} → {role}");
            member.Role = role;
            return true;
        }, cancellationToken);
    }

    /// <summary>Owners only; the removed user keeps their account but loses the workspace (and their session, as above).</summary>
    public async Task RemoveMemberAsync(Guid workspaceId, Actor actor, string userId, CancellationToken cancellationToken = default)
    {
        if (userId == actor.UserId)
        {
            throw new UserInputException("You cannot remove yourself; ask another Owner.");
        }
        await ChangeMemberAsync(workspaceId, actor, userId, async (db, member, email, now) =>
        {
            if (member.Role == WorkspaceRole.Owner && await OwnerCountAsync(db, workspaceId, cancellationToken) == 1)
            {
                throw new UserInputException("The last Owner cannot be removed.");
            }
            db.WorkspaceMembers.Remove(member);
            db.AddAudit(workspaceId, actor, TeamAuditActions.MemberRemoved, email, now, $"was {member.Role}");
            return true;
        }, cancellationToken);
    }

    private async Task ChangeMemberAsync(
        Guid workspaceId, Actor actor, string userId, Func<AppDbContext, WorkspaceMember, string, DateTimeOffset, Task<bool>> change, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Owner, cancellationToken);
            var member = await db.WorkspaceMembers.SingleOrDefaultAsync(m => m.WorkspaceId == workspaceId && m.UserId == userId, cancellationToken)
                ?? throw new UserInputException("That person is not a member of this team.");
            var user = await users.FindByIdAsync(userId) ?? throw new UserInputException("That person is not a member of this team.");
            if (!await change(db, member, user.Email ?? user.UserName ?? userId, time.GetUtcNow()))
            {
                return;
            }
            await db.SaveChangesAsync(cancellationToken);
            // Their cookie still carries the old role: a new stamp makes Identity revalidate (and re-issue or end) it.
            var stamped = await users.UpdateSecurityStampAsync(user);
            if (!stamped.Succeeded)
            {
                throw new InvalidOperationException(string.Join(" ", stamped.Errors.Select(e => e.Description)));
            }
            await transaction.CommitAsync(cancellationToken);
        });
    }

    private static Task<int> OwnerCountAsync(AppDbContext db, Guid workspaceId, CancellationToken cancellationToken) =>
        db.WorkspaceMembers.CountAsync(m => m.WorkspaceId == workspaceId && m.Role == WorkspaceRole.Owner, cancellationToken);
}
