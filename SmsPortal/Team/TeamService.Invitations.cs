using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;

namespace SmsPortal.Team;

/// <summary>Invite links: what one offers, joining through one (a new account or a signed-in one), and why one cannot be used.</summary>
public sealed partial class TeamService
{
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
