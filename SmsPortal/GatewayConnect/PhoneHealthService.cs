using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using SmsPortal.Data;
using SmsPortal.GatewayConnect.Management;
using SmsPortal.Outbound;
using SmsPortal.Webhooks;

namespace SmsPortal.GatewayConnect;

/// <summary>One phone as the dashboard shows it: when the gateway last saw it and when a text from it last arrived.</summary>
public sealed record DeviceHealth(string Id, string Name, DateTimeOffset? LastSeen, DateTimeOffset? LastInbound);

/// <summary>
/// A connected gateway's health: the service's own status (SMSGate's <c>/health</c>), whether its API answered,
/// each phone, and the last received message and status event on its endpoint.
/// </summary>
public sealed record GatewayHealth(
    GatewayType Type, string EndpointId, DateTimeOffset ConnectedAt, bool Reachable, string? Problem, string? ServiceStatus,
    IReadOnlyList<DeviceHealth> Devices, DateTimeOffset? LastInbound, DateTimeOffset? LastStatusEvent);

public sealed class PhoneHealthService(
    IDbContextFactory<AppDbContext> dbFactory,
    GatewayConnector connector,
    GatewaySettingsService gatewaySettings,
    IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    /// <summary>For pages that refresh often: the gateways' APIs are asked at most every <see cref="CacheFor"/>.</summary>
    public async Task<IReadOnlyList<GatewayHealth>> GetCachedAsync(Guid workspaceId, CancellationToken cancellationToken = default) =>
        (await cache.GetOrCreateAsync("phone-health:" + workspaceId, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            return GetAsync(workspaceId, cancellationToken);
        }))!;

    public async Task<IReadOnlyList<GatewayHealth>> GetAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connections = await db.GatewayConnections.AsNoTracking().Where(c => c.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        var result = new List<GatewayHealth>();
        foreach (var connection in connections)
        {
            result.Add(await CheckAsync(db, connection, cancellationToken));
        }
        return result;
    }

    private async Task<GatewayHealth> CheckAsync(AppDbContext db, GatewayConnection connection, CancellationToken cancellationToken)
    {
        var messages = db.InboundMessages.Where(m => m.WorkspaceId == connection.WorkspaceId && m.EndpointId == connection.EndpointId && !m.IsTest);
        var byDevice = await messages.GroupBy(m => m.DeviceId)
            .Select(g => new { DeviceId = g.Key, Last = g.Max(m => m.ReceivedAt) })
            .ToListAsync(cancellationToken);
        var lastStatus = await db.DeliveryLog
            .Where(e => e.WorkspaceId == connection.WorkspaceId && e.EndpointId == connection.EndpointId && e.Outcome == DeliveryOutcome.StatusUpdate)
            .OrderByDescending(e => e.Id).Select(e => (DateTimeOffset?)e.At).FirstOrDefaultAsync(cancellationToken);
        var lastInbound = byDevice.Count == 0 ? (DateTimeOffset?)null : byDevice.Max(d => d.Last);

        IReadOnlyList<RemoteDevice> remote = [];
        string? problem = null, status = null;
        var settings = await gatewaySettings.EffectiveAsync(connection.WorkspaceId, cancellationToken);
        if (!settings.IsWorkspaceGateway || settings.Type != connection.Type)
        {
            problem = $"This team's gateway is no longer {connection.Type}.";
        }
        else
        {
            var api = connector.Api(connection.Type);
            try
            {
                remote = await api.DevicesAsync(settings, cancellationToken);
                status = await api.HealthAsync(settings, cancellationToken);
            }
            catch (GatewayApiException ex)
            {
                problem = ex.Message;
            }
        }
        var devices = remote.Select(d => new DeviceHealth(d.Id, d.Name, d.LastSeen, byDevice.FirstOrDefault(b => b.DeviceId == d.Id)?.Last)).ToList();
        // Gateways that do not name the device in their webhooks (httpSMS, older SMSGate builds) count on the phone's total.
        if (devices.Count == 1 && devices[0].LastInbound is null)
        {
            devices[0] = devices[0] with { LastInbound = lastInbound };
        }
        return new GatewayHealth(connection.Type, connection.EndpointId, connection.ConnectedAt, problem is null, problem, status, devices, lastInbound, lastStatus);
    }
}
