using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Messages;
using Xunit.Abstractions;

namespace SmsPortal.Tests.EndToEnd;

/// <summary>Three app processes on one PostgreSQL database behind a "load balancer" that spreads deliveries over them.</summary>
public sealed class MultiNodeTests(ITestOutputHelper output) : IDisposable
{
    private const int Contacts = 60;
    // The loop guard allows five auto-replies per contact in its window.
    private const int PerContact = 5;
    private readonly string _directory = TestApp.NewDataDirectory();

    public void Dispose() => TestApp.TryDelete(_directory);

    [SkippableFact]
    public async Task ThreeNodes_OneKilledMidStream_EveryMessageStoredProcessedRepliedOnceInContactOrder()
    {
        await using var database = await TestDatabase.CreateAsync("PostgreSql");
        await using var gateway = await FakeGateway.StartAsync();
        var environment = database.Environment(new()
        {
            ["Gateway__Type"] = "Generic",
            ["Gateway__BaseUrl"] = gateway.Url,
            ["Processing__LeaseDuration"] = "00:00:03",
            ["Gateway__LeaseDuration"] = "00:00:03",
        });
        var endpoint = await CrashSetup.CreateAsync(environment, _directory, "nodes@example.test");
        var nodes = new AppProcess?[3];
        var ports = new int[3];
        for (var n = 0; n < 3; n++)
        {
            ports[n] = FakeGateway.FreePort();
            nodes[n] = await AppProcess.StartAsync(environment, ports[n]);
        }
        try
        {
            await StreamAsync(nodes, endpoint);
            try
            {
                await gateway.WaitForAsync(g => g.Accepted.Count >= Contacts * PerContact, "every reply reaches the gateway", 90);
            }
            catch
            {
                await using var db = database.CreateContext();
                output.WriteLine("inbound: " + string.Join(", ", (await db.InboundMessages.ToListAsync()).GroupBy(m => m.Status + " " + m.LastError + " lease " + (m.LeaseOwner != null)).Select(g => $"{g.Key}: {g.Count()}")));
                output.WriteLine("outbound: " + string.Join(", ", (await db.OutboundMessages.ToListAsync()).GroupBy(m => m.Status + " " + m.FailureReason + " lease " + (m.LeaseOwner != null)).Select(g => $"{g.Key}: {g.Count()}")));
                output.WriteLine($"gateway accepted {gateway.Accepted.Count}");
                throw;
            }
            await AssertOnceAndInOrderAsync(database, gateway);
            await AssertRotationHonouredAsync(environment, [nodes[0]!, nodes[2]!], endpoint);
        }
        finally
        {
            foreach (var node in nodes)
            {
                if (node is not null)
                {
                    await node.DisposeAsync();
                }
            }
        }
    }

    /// <summary>Each contact sends its messages one after another, each to the next node, and each twice (a gateway retry);
    /// node 1 is SIGKILLed after a third of the stream, and deliveries to it go to the next node as a proxy would.</summary>
    private static async Task StreamAsync(AppProcess?[] nodes, TestEndpoint endpoint)
    {
        var acked = 0;
        var clients = nodes.Select(n => new HttpClient { BaseAddress = new Uri(n!.Url), Timeout = TimeSpan.FromSeconds(10) }).ToArray();
        await Parallel.ForAsync(0, Contacts, async (c, _) =>
        {
            for (var j = 0; j < PerContact; j++)
            {
                var body = Deliveries.Body($"c{c}-m{j}", $"c{c} m{j}", $"+1555{c:D7}");
                for (var copy = 0; copy < 2; copy++)
                {
                    for (var target = (c + j + copy) % 3; ; target = (target + 1) % 3)
                    {
                        try
                        {
                            using var response = await clients[target].PostAsync(endpoint, body);
                            if (response.StatusCode == HttpStatusCode.OK)
                            {
                                break;
                            }
                        }
                        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                        {
                        }
                    }
                }
                if (Interlocked.Increment(ref acked) == Contacts * PerContact / 3)
                {
                    nodes[1]!.Kill();
                }
            }
        });
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    private async Task AssertOnceAndInOrderAsync(TestDatabase database, FakeGateway gateway)
    {
        await using var db = database.CreateContext();
        var inbound = await db.InboundMessages.AsNoTracking().ToListAsync();
        Assert.Equal(Contacts * PerContact, inbound.Count);
        Assert.All(inbound, m => Assert.Equal(ProcessingStatus.Processed, m.Status));
        Assert.Equal(Contacts * PerContact, await db.OutboundMessages.CountAsync());
        Assert.Equal(Contacts * PerContact, gateway.Accepted.Count);

        var texts = gateway.AcceptedInOrder.Select(b => System.Text.Json.JsonDocument.Parse(b).RootElement.GetProperty("text").GetString()!).ToList();
        Assert.Equal(texts.Count, texts.Distinct().Count());
        for (var c = 0; c < Contacts; c++)
        {
            var prefix = $"Got it: c{c} m";
            var order = texts.Where(t => t.StartsWith(prefix, StringComparison.Ordinal)).Select(t => int.Parse(t[prefix.Length..])).ToList();
            Assert.Equal(Enumerable.Range(0, PerContact), order);
        }
        output.WriteLine($"{inbound.Count} stored, processed and replied once; {gateway.Requests.Count} requests reached the gateway for {gateway.Accepted.Count} replies");
    }

    /// <summary>A rotation through the CLI with no grace period: within a second every running node takes the new secret and refuses the old.</summary>
    [Fact]
    public async Task CliRotation_WhileTheAppRunsOnSqlite_HonouredWithinASecond()
    {
        var environment = new Dictionary<string, string> { ["Database__DataDirectory"] = _directory };
        var endpoint = await CrashSetup.CreateAsync(environment, _directory, "rotate@example.test");
        await using var node = await AppProcess.StartAsync(environment, FakeGateway.FreePort());
        using (var client = new HttpClient { BaseAddress = new Uri(node.Url) })
        {
            // The endpoint is now in the running app's cache.
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(endpoint, Deliveries.Body("before", "before rotation"))).StatusCode);
        }

        await AssertRotationHonouredAsync(environment, [node], endpoint);
    }

    private async Task AssertRotationHonouredAsync(Dictionary<string, string> environment, AppProcess[] nodes, TestEndpoint endpoint)
    {
        var rotated = await AppProcess.RunCliJsonAsync(environment, "endpoints", "rotate", "--id", endpoint.Id, "--grace", "0");
        var rotatedAt = Stopwatch.GetTimestamp();
        var renewed = endpoint with { Secret = rotated.GetProperty("secret").GetString()! };
        foreach (var node in nodes)
        {
            using var client = new HttpClient { BaseAddress = new Uri(node.Url) };
            await Eventually.TrueAsync(async () =>
            {
                using var fresh = await client.PostAsync(renewed, Deliveries.Body($"after-{node.Url}", "after rotation"));
                using var stale = await client.PostAsync(endpoint, Deliveries.Body($"stale-{node.Url}", "old secret"));
                return fresh.StatusCode == HttpStatusCode.OK && stale.StatusCode == HttpStatusCode.Unauthorized;
            }, "the node takes the new secret and refuses the old", 5);
            var took = Stopwatch.GetElapsedTime(rotatedAt);
            output.WriteLine($"{node.Url} honoured the rotation {took.TotalMilliseconds:F0} ms after the CLI exited");
            Assert.True(took < TimeSpan.FromSeconds(1), $"{node.Url} took {took.TotalMilliseconds:F0} ms to honour the rotation");
        }
    }
}
