using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;

namespace SmsPortal.Team;

/// <summary>Whether a user may delete their own account: not while a team would be left without an Owner.</summary>
public sealed class AccountDeletion(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>Why the account cannot be deleted now, or null when it can.</summary>
    public async Task<string?> BlockerAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var soleOwnerOf = await db.WorkspaceMembers.AsNoTracking()
            .Where(m => m.UserId == userId && m.Role == WorkspaceRole.Owner)
            .Where(m => !db.WorkspaceMembers.Any(o => o.WorkspaceId == m.WorkspaceId && o.Role == WorkspaceRole.Owner && o.UserId != userId))
            .Join(db.Workspaces, m => m.WorkspaceId, w => w.Id, (m, w) => w.Name)
            .ToListAsync(cancellationToken);
        return soleOwnerOf.Count == 0 ? null
            : $"You are the last Owner of {string.Join(", ", soleOwnerOf.Select(n => $"'{n}'"))}: make another member Owner on the Team page before deleting your account.";
    }
}
