using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmsPortal.Messages;
using SmsPortal.Common;
using SmsPortal.Processing;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Webhooks;

namespace SmsPortal.Tests.Processing;

/// <summary>A message whose processing throws is retried, then parked with its reason — never dropped, never blocking others.</summary>
public sealed class ProcessingFailureTests
{
    [Fact]
    public async Task Process_ThrowingMessage_RetriedThenParkedWithReasonWhileOthersAreProcessed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new PortalAppFactory(
            settings: new() { ["Processing:MaxAttempts"] = "2" },
            configureServices: services => services.AddSingleton<TimeProvider>(time));
        using var client = app.CreateHttpClient();
        var broken = await app.CreateEndpointAsync();
        var healthy = await app.CreateEndpointAsync();
        await using (var db = app.CreateDbContext())
        {
            // A workspace whose settings cannot be read: every message of it fails while its rules load.
            db.WorkspaceSettings.Add(new SmsPortal.Settings.WorkspaceSettings { WorkspaceId = broken.WorkspaceId, ComplianceJson = "{not json" });
            await db.SaveChangesAsync();
        }

        await client.PostAsync(broken, Deliveries.Body("fails-1"));
        await client.PostAsync(healthy, Deliveries.Body("works-1"));
        await Eventually.TrueAsync(async () => (await MessageAsync(app, "fails-1")).Attempts == 1, "a first failure is recorded");
        time.Advance(TimeSpan.FromHours(1));
        app.Services.GetRequiredService<InboundWorkSignal>().Notify();
        await Eventually.TrueAsync(async () => (await MessageAsync(app, "fails-1")).Status == ProcessingStatus.Failed, "the message is parked as failed", 30);

        var parked = await MessageAsync(app, "fails-1");
        Assert.Equal(2, parked.Attempts);
        Assert.Contains("JsonException", parked.LastError);
        Assert.Equal(ProcessingStatus.Processed, (await MessageAsync(app, "works-1")).Status);
    }

    private static async Task<InboundMessage> MessageAsync(PortalAppFactory app, string externalId)
    {
        await using var db = app.CreateDbContext();
        return await db.InboundMessages.SingleAsync(m => m.ExternalId == externalId);
    }
}
