using System.Security.Cryptography;
using System.Text;
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
public sealed class TeamService(IDbContextFactory<AppDbContext> dbFactory, IServiceScopeFactory scopes, TimeProvider time)
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

    /// <summary>What an invite link offers, or a <see cref="UserInputException"/> saying why it cannot be used.</summary>
    public async Task<InvitationDetails> FindInvitationAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invitation = await UsableInvitationAsync(db, token, cancellationToken);
        var name = await db.Workspaces.Where(w => w.Id == invitation.WorkspaceId).Select(w => w.Name).SingleAsync(cancellationToken);
        return new InvitationDetails(invitation.WorkspaceId, name, invitation.Role, invitation.ExpiresAt);
    }

    /// <summary>A new person's sign-up through an invite link: the account joins the inviting workspace (no workspace of its own).</summary>
    public async Task<JoinedWorkspace> RegisterWithInvitationAsync(string token, string email, string password, CancellationToken cancellationToken = default)
    {
        email = WorkspaceRegistration.CheckEmail(email);
        return await JoinAsync(token, async (users, _) =>
        {
            var user = new AppUser { UserName = email, Email = email };
            var created = await users.CreateAsync(user, password ?? "");
            if (!created.Succeeded)
            {
                throw new UserInputException(string.Join(" ", created.Errors.Select(e => e.Description)));
            }
            return user;
        }, cancellationToken);
    }

    /// <summary>
    /// A signed-in user accepts an invite link. An account belongs to one team for now, so a user who is already a
    /// member of a workspace is refused rather than silently moved.
    /// </summary>
    public async Task<JoinedWorkspace> AcceptInvitationAsync(string token, string userId, CancellationToken cancellationToken = default) =>
        await JoinAsync(token, async (users, db) =>
        {
            var user = await users.FindByIdAsync(userId) ?? throw new UserInputException("Your account no longer exists; sign out and create a new one.");
            var current = await db.WorkspaceMembers.AsNoTracking().Where(m => m.UserId == userId)
                .Join(db.Workspaces, m => m.WorkspaceId, w => w.Id, (m, w) => w.Name)
                .FirstOrDefaultAsync(cancellationToken);
            if (current is not null)
            {
                throw new UserInputException(
                    $"Your account already belongs to the team '{current}', and one account is one team for now. " +
                    "To join this team, sign out and open the link again to create an account with another email address.");
            }
            return user;
        }, cancellationToken);

    private async Task<JoinedWorkspace> JoinAsync(string token, Func<UserManager<AppUser>, AppDbContext, Task<AppUser>> user, CancellationToken cancellationToken)
    {
        // Identity's stores use the scoped context, so the user, the membership and the claimed invitation share
        // one transaction; the scope (and context) last for this call only.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var invitation = await UsableInvitationAsync(db, token, cancellationToken);
            var joining = await user(users, db);
            var email = joining.Email ?? joining.UserName ?? "";
            var now = time.GetUtcNow();
            // Claim the invitation only if it is still unused: of two people racing with one link, one joins.
            var claimed = await db.Invitations
                .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.AcceptedAt, now)
                    .SetProperty(i => i.AcceptedByUserId, joining.Id)
                    .SetProperty(i => i.AcceptedByEmail, email), cancellationToken);
            if (claimed != 1)
            {
                throw new UserInputException(UsedMessage);
            }
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = invitation.WorkspaceId, UserId = joining.Id, Role = invitation.Role, JoinedAt = now });
            db.AddAudit(invitation.WorkspaceId, new Actor(joining.Id, email), TeamAuditActions.InvitationAccepted, InvitationTarget(invitation.Id), now, $"{email} joined as {invitation.Role}");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            var name = await db.Workspaces.Where(w => w.Id == invitation.WorkspaceId).Select(w => w.Name).SingleAsync(cancellationToken);
            return new JoinedWorkspace(joining.Id, email, invitation.WorkspaceId, name, invitation.Role);
        });
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

    private const string UsedMessage = "This invite link has already been used. Each link works once: ask the team for a new one.";

    private async Task<Invitation> UsableInvitationAsync(AppDbContext db, string token, CancellationToken cancellationToken)
    {
        var hash = token is { Length: > 0 and <= 100 } ? Hash(token) : null;
        var invitation = hash is null ? null : await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        if (invitation is null)
        {
            throw new UserInputException("This invite link is not valid. Check that the whole link was copied, or ask the team for a new one.");
        }
        if (invitation.RevokedAt is not null)
        {
            throw new UserInputException("This invite link was revoked. Ask the team for a new one.");
        }
        if (invitation.AcceptedAt is not null)
        {
            throw new UserInputException(UsedMessage);
        }
        if (invitation.ExpiresAt <= time.GetUtcNow())
        {
            throw new UserInputException($"This invite link expired on {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC. Ask the team for a new one.");
        }
        return invitation;
    }

    private static string InvitationTarget(Guid id) => $"invitation {id}";

    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
