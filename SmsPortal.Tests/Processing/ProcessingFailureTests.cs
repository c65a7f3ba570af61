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
        await using var app = new TestApp(settings: new() { ["Processing:MaxAttempts"] = "2" }, clock: DateTimeOffset.UtcNow);
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
        app.Time.Advance(TimeSpan.FromHours(1));
        app.Services.GetRequiredService<InboundWorkSignal>().Notify();
        await Eventually.TrueAsync(async () => (await MessageAsync(app, "fails-1")).Status == ProcessingStatus.Failed, "the message is parked as failed", 30);

        var parked = await MessageAsync(app, "fails-1");
        Assert.Equal(2, parked.Attempts);
        Assert.Contains("JsonException", parked.LastError);
        // The healthy workspace's message is not held back by the broken one (a busy machine may still be on it).
        await Eventually.TrueAsync(async () => (await MessageAsync(app, "works-1")).Status == ProcessingStatus.Processed, "the healthy message is processed", 30);
        Assert.Equal(ProcessingStatus.Processed, (await MessageAsync(app, "works-1")).Status);
    }

    private static async Task<InboundMessage> MessageAsync(TestApp app, string externalId)
    {
        await using var db = app.CreateDbContext();
        return await db.InboundMessages.SingleAsync(m => m.ExternalId == externalId);
    }
}
