using System.Text.Json;
using SmsPortal.Common;
using SmsPortal.Data;

namespace SmsPortal.EventWebhooks;

/// <summary>
/// How features raise an event: one call where the change is made. The event joins that change's unit of work (so
/// both commit or neither) and is fanned out to the workspace's subscriptions by <see cref="EventDispatcher"/>.
/// </summary>
public static class WorkspaceEventExtensions
{
    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    public static void RaiseEvent(this AppDbContext db, Guid workspaceId, string type, object data, DateTimeOffset at) =>
        db.WorkspaceEvents.Add(new WorkspaceEvent
        {
            Id = OpaqueId.NewTimeOrdered("evt_", TimeProvider.System),
            WorkspaceId = workspaceId,
            Type = type,
            Payload = JsonSerializer.Serialize(new { type, timestamp = at, data }, PayloadJson),
            CreatedAt = at,
        });

    /// <summary>For a change already committed (an <c>ExecuteUpdate</c>): the event in a commit of its own.</summary>
    public static async Task RaiseEventAsync(
        this Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext> dbFactory, Guid workspaceId, string type, object data, DateTimeOffset at)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.RaiseEvent(workspaceId, type, data, at);
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
