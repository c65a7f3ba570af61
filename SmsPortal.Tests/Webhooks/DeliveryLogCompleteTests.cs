using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Webhooks;

namespace SmsPortal.Tests.Webhooks;

/// <summary>
/// Every verified delivery's log entry is committed before the gateway gets its answer (with the message, in one
/// transaction), so the log holds exactly one row per request with the outcome that was answered, however many
/// arrive at once.
/// </summary>
public sealed class DeliveryLogCompleteTests
{
    private const int Unique = 300;
    private const int Redelivered = 150;
    private const int Malformed = 20;

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task ConcurrentSignedDeliveries_WithDuplicates_OneLogRowPerRequest_WithItsOutcome(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(settings: database.Settings(new() { ["RateLimits:HookPerEndpointPerSecond"] = "1000000", ["RateLimits:HookPerAddressPerSecond"] = "1000000" }));
        var endpoint = await app.CreateEndpointAsync();
        using var client = app.CreateHttpClient();
        var requests = Enumerable.Range(0, Unique).Select(i => Deliveries.Body($"log-{i}", text: $"text {i}"))
            .Concat(Enumerable.Range(0, Redelivered).Select(i => Deliveries.Body($"log-{i * 2}", text: $"text {i * 2}")))
            .Concat(Enumerable.Range(0, Malformed).Select(i => $$"""{"id":"bad-{{i}}","text":"no sender"}"""))
            .OrderBy(_ => Random.Shared.Next())
            .ToList();

        var answered = new System.Collections.Concurrent.ConcurrentBag<(string Body, HttpStatusCode Status, string? Ack, string? MessageId)>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (body, _) =>
        {
            using var response = await client.PostAsync(endpoint, body);
            var ack = response.IsSuccessStatusCode ? await response.ReadAckAsync() : null;
            answered.Add((body, response.StatusCode, ack?.Status, ack?.MessageId));
        });

        // Read at once, without waiting: each answer was sent after its entry committed.
        await using var db = app.CreateDbContext();
        var rows = await db.DeliveryLog.AsNoTracking().Where(d => d.EndpointId == endpoint.Id).ToListAsync();
        var messages = await db.InboundMessages.AsNoTracking().Where(m => m.EndpointId == endpoint.Id).ToDictionaryAsync(m => m.ExternalId, m => m.Id);

        Assert.Equal(requests.Count, rows.Count);
        Assert.Equal(Unique, messages.Count);
        Assert.Equal(Unique, rows.Count(r => r.Outcome == DeliveryOutcome.Accepted));
        Assert.Equal(Redelivered, rows.Count(r => r.Outcome == DeliveryOutcome.Duplicate));
        Assert.Equal(Malformed, rows.Count(r => r.Outcome == DeliveryOutcome.BadPayload && r.StatusCode == 400 && r.Detail is { Length: > 0 }));
        Assert.Equal(Unique + Redelivered, answered.Count(a => a.Status == HttpStatusCode.OK));
        foreach (var row in rows.Where(r => r.Outcome is DeliveryOutcome.Accepted or DeliveryOutcome.Duplicate))
        {
            Assert.Equal(messages[row.ExternalId!], row.MessageId);
            Assert.Equal(200, row.StatusCode);
            Assert.Contains($"\"id\":\"{row.ExternalId}\"", row.Body);
        }
        // Each external id was accepted once and answered as a duplicate for every redelivery, in the log as on the wire.
        foreach (var group in rows.Where(r => r.ExternalId is not null && r.Outcome != DeliveryOutcome.BadPayload).GroupBy(r => r.ExternalId))
        {
            Assert.Equal(1, group.Count(r => r.Outcome == DeliveryOutcome.Accepted));
            var sent = answered.Where(a => a.Body.Contains($"\"id\":\"{group.Key}\"")).ToList();
            Assert.Equal(sent.Count, group.Count());
            Assert.Equal(sent.Count(a => a.Ack == "duplicate"), group.Count(r => r.Outcome == DeliveryOutcome.Duplicate));
            Assert.All(sent, a => Assert.Equal(messages[group.Key!], a.MessageId));
        }
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task VerifiedEntries_TrimmedToTheEndpointCap_AsTheyAreWritten(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(settings: database.Settings(new() { ["Webhooks:DeliveryLogMaxEntriesPerEndpoint"] = "50" }));
        var endpoint = await app.CreateEndpointAsync();
        using var client = app.CreateHttpClient();

        for (var i = 0; i < 120; i++)
        {
            (await client.PostAsync(endpoint, Deliveries.Body($"cap-{i}"))).EnsureSuccessStatusCode();
        }

        await Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            return await db.DeliveryLog.CountAsync(d => d.EndpointId == endpoint.Id) == 50;
        }, "the verified entries are trimmed to the cap", timeoutSeconds: 30);
        await using var after = app.CreateDbContext();
        var kept = await after.DeliveryLog.AsNoTracking().Where(d => d.EndpointId == endpoint.Id).Select(d => d.ExternalId).ToListAsync();
        Assert.Contains("cap-119", kept);
        Assert.DoesNotContain("cap-0", kept);
        Assert.Equal(120, await after.InboundMessages.CountAsync(m => m.EndpointId == endpoint.Id));
    }
}
