using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;

namespace SmsPortal.ApiKeys;

/// <summary>The members keys act as: who they are for the key list and the audit log, and whether they are still in the team.</summary>
internal static class ApiKeyMembers
{
    /// <summary>Each member's email by user id; users no longer in the workspace are left out.</summary>
    public static async Task<Dictionary<string, string>> EmailsAsync(AppDbContext db, Guid workspaceId, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) =>
        userIds.Count == 0
            ? []
            : await db.WorkspaceMembers.AsNoTracking()
                .Where(m => m.WorkspaceId == workspaceId && userIds.Contains(m.UserId))
                .Select(m => new { m.UserId, Email = m.User!.Email ?? m.UserId })
                .ToDictionaryAsync(m => m.UserId, m => m.Email, cancellationToken);

    public static Task<bool> IsMemberAsync(AppDbContext db, Guid workspaceId, string userId, CancellationToken cancellationToken) =>
        db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspaceId && m.UserId == userId, cancellationToken);
}
