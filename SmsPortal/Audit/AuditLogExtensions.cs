using SmsPortal.Data;

namespace SmsPortal.Audit;

internal static class AuditLogExtensions
{
    /// <summary>Adds an audit row to the same unit of work as the change it describes, so both commit or neither.</summary>
    public static void AddAudit(this AppDbContext db, Guid workspaceId, Actor actor, string action, string target, DateTimeOffset at, string? detail = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            WorkspaceId = workspaceId,
            At = at,
            Actor = actor.Name,
            Action = action,
            Target = target,
            Detail = detail,
        });
}
