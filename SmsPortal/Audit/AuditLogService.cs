using Microsoft.EntityFrameworkCore;
using SmsPortal.Common;
using SmsPortal.Data;

namespace SmsPortal.Audit;

public sealed record AuditLogFilter(string? Action = null, string? Actor = null);

public sealed record AuditLogRow(long Id, DateTimeOffset At, string Actor, string Action, string Target, string? Detail);

/// <summary>Reads a workspace's audit log, newest first. The log is written only alongside the changes it records.</summary>
public sealed class AuditLogService(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int MaxPageSize = 200;

    public async Task<PageOf<AuditLogRow>> ListAsync(
        Guid workspaceId, AuditLogFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(page, 0);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditLog.AsNoTracking().Where(a => a.WorkspaceId == workspaceId);
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            query = query.Where(a => a.Action == filter.Action);
        }
        if (filter.Actor?.Trim() is { Length: > 0 } actor)
        {
            query = query.Where(a => a.Actor.Contains(actor));
        }
        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(a => new AuditLogRow(a.Id, a.At, a.Actor, a.Action, a.Target, a.Detail))
            .ToListAsync(cancellationToken);
        return new PageOf<AuditLogRow>(rows, total);
    }

    /// <summary>The actions that occur in this workspace's log, for a filter list.</summary>
    public async Task<IReadOnlyList<string>> ActionsAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditLog.Where(a => a.WorkspaceId == workspaceId).Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
    }
}
