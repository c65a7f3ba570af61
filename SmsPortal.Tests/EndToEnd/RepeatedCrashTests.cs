using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Outbound;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Messages;
using Xunit.Abstractions;

namespace SmsPortal.Tests.EndToEnd;

/// <summary>
/// SIGKILL at a random moment while the app processes and sends, ten times over one database, through a gateway
/// that takes no idempotency key (textbee's API): every acknowledged message is processed once and its reply
/// reaches the gateway at most once. A reply is missing or unconfirmed only where its send was cut off by the
/// kill between the gateway's answer and our commit, or where the gateway's answer was lost (too late on this
/// loaded machine); each such reply is failed with a reason that says so, never sent a second time.
/// </summary>
public sealed class RepeatedCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 10;
    // Pinned so the bound on sends cut off by a kill (one per send in flight) is known; the default is 32.
    private const int SendsInFlight = 4;
    private readonly string _directory = TestApp.NewDataDirectory();

    public void Dispose() => TestApp.TryDelete(_directory);

    // Bounded: ten app starts and a settle of at most 90 s fit well inside ten minutes even at load 40.
    [Fact(Timeout = 600_000)]
    public async Task SigkillAtRandomMoments_EveryAckedMessageProcessedOnceEveryReplyAtMostOnce()
    {
        await using var gateway = await FakeGateway.StartAsync();
        gateway.HonoursIdempotencyKey = false;
        var environment = new Dictionary<string, string>
        {
            ["Database__DataDirectory"] = _directory,
            ["Gateway__Type"] = "Textbee",
            ["Gateway__BaseUrl"] = gateway.Url,
            ["Gateway__ApiKey"] = "tb-key",
            ["Gateway__DeviceId"] = "device-1",
            ["Processing__LeaseDuration"] = "00:00:03",
            ["Gateway__LeaseDuration"] = "00:00:03",
            ["Gateway__MaxInFlightPerWorkspace"] = SendsInFlight.ToString(),
        };
        var endpoint = await CrashSetup.CreateAsync(environment, _directory, "crash-repeat@example.test");
        var acknowledged = new ConcurrentDictionary<string, string>();
        var random = new Random();
        var port = FakeGateway.FreePort();

        for (var round = 0; round < Rounds; round++)
        {
            var killAfter = random.Next(10, 80);
            await using var node = await AppProcess.StartAsync(environment, port);
            await CrashSetup.StreamUntilKilledAsync(node, endpoint, $"r{round}", acknowledged, killAfter, extraDelay: TimeSpan.FromMilliseconds(random.Next(0, 300)));
        }

        await using (await AppProcess.StartAsync(environment, port))
        {
            await Eventually.TrueAsync(async () => (await OutboxAsync()).Count(m => m.Status is OutboundStatus.Sent or OutboundStatus.Failed) >= acknowledged.Count,
                "every acknowledged message's reply is settled", 90);
        }

        var inbound = await InboundAsync();
        var outbox = (await OutboxAsync()).ToDictionary(m => m.To);
        var atGateway = gateway.AcceptedInOrder.Select(b => JsonDocument.Parse(b).RootElement)
            .GroupBy(b => b.GetProperty("recipients")[0].GetString()!).ToDictionary(g => g.Key, g => g.Select(b => b.GetProperty("message").GetString()).ToList());
        var (interrupted, unconfirmed) = (0, 0);
        foreach (var (sender, text) in acknowledged)
        {
            Assert.Equal(ProcessingStatus.Processed, Assert.Single(inbound, m => m.From == sender).Status);
            var reply = outbox[sender];
            var sent = atGateway.GetValueOrDefault(sender) ?? [];
            Assert.True(sent.Count <= 1, $"{sender}'s reply reached the gateway {sent.Count} times");
            Assert.All(sent, body => Assert.Equal($"Got it: {text}", body));
            if (reply.Status == OutboundStatus.Sent)
            {
                Assert.Single(sent);
                continue;
            }
            Assert.Equal(OutboundStatus.Failed, reply.Status);
            if (reply.FailureReason == OutboundDispatcher.InterruptedReason)
            {
                interrupted++;
            }
            else
            {
                Assert.StartsWith("Not confirmed: ", reply.FailureReason);
                unconfirmed++;
            }
        }
        output.WriteLine($"{acknowledged.Count} acknowledged over {Rounds} kills; {acknowledged.Count - interrupted - unconfirmed} replied exactly once, " +
            $"{interrupted} cut off mid-send by a kill and {unconfirmed} with their answer lost, each failed with its reason and sent at most once");
        Assert.True(interrupted <= Rounds * SendsInFlight, "at most the sends in flight at each kill are cut off");
    }

    private async Task<List<InboundMessage>> InboundAsync()
    {
        await using var db = CrashSetup.Context(_directory);
        return await db.InboundMessages.ToListAsync();
    }

    private async Task<List<OutboundMessage>> OutboxAsync()
    {
        await using var db = CrashSetup.Context(_directory);
        return await db.OutboundMessages.ToListAsync();
    }
}

/// <summary>What the crash tests share: the user, endpoint and rule made through the CLI, and a stream of deliveries.</summary>
internal static class CrashSetup
{
    // One number per sender across the whole test run: two messages never share a contact by accident.
    private static int s_senders;

    public static async Task<TestEndpoint> CreateAsync(Dictionary<string, string> environment, string directory, string email)
    {
        await AppProcess.RunCliJsonAsync(environment, "users", "create", "--email", email, "--password", TestUsers.Password);
        var created = await AppProcess.RunCliJsonAsync(environment, "endpoints", "create", "--email", email, "--name", "crash");
        var rulesFile = Path.Combine(directory, "rules.json");
        await File.WriteAllTextAsync(rulesFile, """
            {"schemaVersion":1,"rules":[{"id":"ack","name":"Acknowledge","conditions":[],"actions":[{"type":"reply","template":"Got it: {{message.text}}"}]}]}
            """);
        await AppProcess.RunCliJsonAsync(environment, "rules", "import", "--email", email, "--file", rulesFile);
        return new TestEndpoint(Guid.Empty, created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!, email);
    }

    /// <summary>Posts from 8 senders at once; SIGKILLs the node once <paramref name="killAfter"/> are acknowledged.</summary>
    public static async Task StreamUntilKilledAsync(AppProcess node, TestEndpoint endpoint, string prefix, ConcurrentDictionary<string, string> acknowledged,
        int killAfter, TimeSpan extraDelay)
    {
        using var client = new HttpClient { BaseAddress = new Uri(node.Url), Timeout = TimeSpan.FromSeconds(10) };
        var next = -1;
        var acked = 0;
        var killed = 0;
        await Parallel.ForAsync(0, 8, async (_, _) =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < 5000 && Volatile.Read(ref killed) == 0)
            {
                var sender = $"+1555{Interlocked.Increment(ref s_senders):D7}";
                try
                {
                    using var response = await client.PostAsync(endpoint, Deliveries.Body($"{prefix}-{i}", $"{prefix} order {i}", sender));
                    if (response.StatusCode == HttpStatusCode.OK && acknowledged.TryAdd(sender, $"{prefix} order {i}"))
                    {
                        Interlocked.Increment(ref acked);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // The node is gone: this one was never acknowledged.
                }
                if (Volatile.Read(ref acked) >= killAfter && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    await Task.Delay(extraDelay);
                    node.Kill();
                }
            }
        });
    }

    public static SmsPortal.Data.AppDbContext Context(string directory) =>
        new SmsPortal.Data.SqliteDbContext(new DbContextOptionsBuilder<SmsPortal.Data.SqliteDbContext>()
            .UseSqlite($"Data Source={Path.Combine(directory, "smsportal.db")};Pooling=False").Options);
}
