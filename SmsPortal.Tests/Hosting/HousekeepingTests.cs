using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmsPortal.Endpoints;
using SmsPortal.Hosting;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Webhooks;

namespace SmsPortal.Tests.Hosting;

public sealed class HousekeepingTests
{
    [Fact]
    public async Task RunOnce_OldAndSurplusLogEntriesAndExpiredSecrets_Removed()
    {
        await using var app = new PortalAppFactory(settings: new()
        {
            ["Webhooks:DeliveryLogRetention"] = "7.00:00:00",
            ["Webhooks:DeliveryLogMaxEntriesPerWorkspace"] = "1000",
        });
        var endpoint = await app.CreateEndpointAsync();
        var other = await app.CreateEndpointAsync();
        var now = DateTimeOffset.UtcNow;
        await using (var db = app.CreateDbContext())
        {
            db.DeliveryLog.AddRange(Enumerable.Range(0, 1_005).Select(i => Entry(endpoint, now.AddMinutes(-i))));
            db.DeliveryLog.Add(Entry(other, now.AddDays(-8)));
            db.DeliveryLog.Add(Entry(other, now.AddDays(-6)));
            db.EndpointSecrets.Add(new EndpointSecret { EndpointId = endpoint.Id, WorkspaceId = endpoint.WorkspaceId, ProtectedValue = "x", CreatedAt = now.AddDays(-2), ExpiresAt = now.AddMinutes(-1) });
            await db.SaveChangesAsync();
        }

        await app.Services.GetServices<IHostedService>().OfType<Housekeeping>().Single().RunOnceAsync(CancellationToken.None);

        await using var check = app.CreateDbContext();
        var kept = await check.DeliveryLog.Where(d => d.WorkspaceId == endpoint.WorkspaceId).OrderByDescending(d => d.At).ToListAsync();
        Assert.Equal(1_000, kept.Count);
        Assert.Equal(now.AddMinutes(-999), kept[^1].At, TimeSpan.FromMilliseconds(1));
        Assert.Single(await check.DeliveryLog.Where(d => d.WorkspaceId == other.WorkspaceId).ToListAsync());
        Assert.False(await check.EndpointSecrets.AnyAsync(s => s.ExpiresAt != null && s.ExpiresAt <= now));
        Assert.True(await check.EndpointSecrets.AnyAsync(s => s.EndpointId == endpoint.Id && s.ExpiresAt == null));
    }

    private static DeliveryLogEntry Entry(TestEndpoint endpoint, DateTimeOffset at) => new()
    {
        WorkspaceId = endpoint.WorkspaceId,
        EndpointId = endpoint.Id,
        At = at,
        Outcome = DeliveryOutcome.Accepted,
        StatusCode = 200,
    };
}
