using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Common;
using SmsPortal.Data;

namespace SmsPortal.Team;

public sealed record RegisteredOwner(string UserId, string Email, Guid WorkspaceId, string WorkspaceName);

public sealed record Membership(Guid WorkspaceId, string WorkspaceName, WorkspaceRole Role);

/// <summary>
/// Signing up makes a workspace with the new user as its Owner; user and workspace are created together or
/// not at all. The register page and the admin CLI both come through here.
/// </summary>
public sealed class WorkspaceRegistration(UserManager<AppUser> users, AppDbContext db, RegistrationPolicy policy, TimeProvider time)
{
    /// <summary>The register page: allowed only while <see cref="RegistrationPolicy"/> says registration is open.</summary>
    public Task<RegisteredOwner> RegisterSelfAsync(string email, string password, string? workspaceName = null, CancellationToken cancellationToken = default) =>
        RegisterAsync(email, password, workspaceName, checkPolicy: true, cancellationToken);

    /// <summary>The admin CLI (and tests): the operator may always create an Owner.</summary>
    public Task<RegisteredOwner> RegisterOwnerAsync(string email, string password, string? workspaceName = null, CancellationToken cancellationToken = default) =>
        RegisterAsync(email, password, workspaceName, checkPolicy: false, cancellationToken);

    private async Task<RegisteredOwner> RegisterAsync(string email, string password, string? workspaceName, bool checkPolicy, CancellationToken cancellationToken)
    {
        email = CheckEmail(email);

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (checkPolicy && !await policy.IsOpenAsync(db, cancellationToken))
            {
                throw new UserInputException(RegistrationPolicy.ClosedMessage);
            }
            var user = new AppUser { UserName = email, Email = email };
            var created = await users.CreateAsync(user, password ?? "");
            if (!created.Succeeded)
            {
                throw new UserInputException(string.Join(" ", created.Errors.Select(e => e.Description)));
            }

            var now = time.GetUtcNow();
            var workspace = new Workspace
            {
                Name = string.IsNullOrWhiteSpace(workspaceName) ? DefaultWorkspaceName(email) : workspaceName.Trim(),
                CreatedAt = now,
            };
            workspace.Members.Add(new WorkspaceMember { UserId = user.Id, Role = WorkspaceRole.Owner, JoinedAt = now });
            db.Workspaces.Add(workspace);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new RegisteredOwner(user.Id, email, workspace.Id, workspace.Name);
        });
    }

    public async Task<IReadOnlyList<Membership>> MembershipsAsync(string userId, CancellationToken cancellationToken = default) =>
        await db.WorkspaceMembers.AsNoTracking()
            .Where(m => m.UserId == userId)
            .Join(db.Workspaces, m => m.WorkspaceId, w => w.Id, (m, w) => new Membership(w.Id, w.Name, m.Role))
            .ToListAsync(cancellationToken);

    /// <summary>The workspace a user works in: their first membership (one per user until invitations exist).</summary>
    public async Task<Membership> WorkspaceOfAsync(string email, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByEmailAsync(email.Trim()) ?? throw new UserInputException($"No user has the email '{email}'.");
        var memberships = await MembershipsAsync(user.Id, cancellationToken);
        return memberships.OrderByDescending(m => m.Role).FirstOrDefault()
            ?? throw new UserInputException($"User '{email}' is not a member of any workspace.");
    }

    internal static string CheckEmail(string? email)
    {
        email = (email ?? "").Trim();
        if (email.Length == 0 || !email.Contains('@'))
        {
            throw new UserInputException("A valid email address is required.");
        }
        return email;
    }

    private static string DefaultWorkspaceName(string email)
    {
        var at = email.IndexOf('@');
        var name = at > 0 ? email[..at] : email;
        return name.Length > 80 ? name[..80] : name + "'s team";
    }
}
