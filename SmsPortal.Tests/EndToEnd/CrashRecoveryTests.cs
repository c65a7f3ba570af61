using System.Collections.Concurrent;
using System.Net;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.EndToEnd;

/// <summary>The built app as a real process, killed with SIGKILL in the middle of a stream of deliveries.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string _directory = PortalAppFactory.NewDataDirectory();

    public void Dispose() => PortalAppFactory.TryDelete(_directory);

    [Fact]
    public async Task Sigkill_MidStream_EveryAcknowledgedMessageRepliedToExactlyOnce()
    {
        await using var gateway = await FakeGateway.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["Database__DataDirectory"] = _directory,
            ["Database__SqliteSynchronous"] = "FULL",
            ["Gateway__Type"] = "Generic",
            ["Gateway__BaseUrl"] = gateway.Url,
        };
        await AppProcess.RunCliJsonAsync(environment, "users", "create", "--email", "crash@example.test", "--password", TestUsers.Password);
        var created = await AppProcess.RunCliJsonAsync(environment, "endpoints", "create", "--email", "crash@example.test", "--name", "crash");
        var rulesFile = Path.Combine(_directory, "rules.json");
        await File.WriteAllTextAsync(rulesFile, """
            {"schemaVersion":1,"rules":[{"id":"ack","name":"Acknowledge","conditions":[],"actions":[{"type":"reply","template":"Got it: {{message.text}}"}]}]}
            """);
        await AppProcess.RunCliJsonAsync(environment, "rules", "import", "--email", "crash@example.test", "--file", rulesFile);
        var endpoint = new TestEndpoint(Guid.Empty, created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!, "crash@example.test");
        var port = FakeGateway.FreePort();

        // Stream deliveries from 8 senders at once; kill the app once 150 have been acknowledged.
        var acknowledged = new ConcurrentDictionary<string, string>();
        await using (var first = await AppProcess.StartAsync(environment, port))
        {
            using var client = new HttpClient { BaseAddress = new Uri(first.Url), Timeout = TimeSpan.FromSeconds(10) };
            var next = -1;
            var killed = 0;
            await Parallel.ForAsync(0, 8, async (_, _) =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < 2000 && Volatile.Read(ref killed) == 0)
                {
                    var sender = $"+1555{i:D7}";
                    try
                    {
                        using var response = await client.PostAsync(endpoint, Deliveries.Body($"crash-{i}", $"order {i}", sender));
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            acknowledged[sender] = $"order {i}";
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        // The app is gone: this one was never acknowledged.
                    }
                    if (acknowledged.Count >= 150 && Interlocked.Exchange(ref killed, 1) == 0)
                    {
                        first.Kill();
                    }
                }
            });
        }
        Assert.True(acknowledged.Count >= 150);

        await using var second = await AppProcess.StartAsync(environment, port);
        await gateway.WaitForAsync(
            g => acknowledged.Keys.All(sender => g.AcceptedBodies.Any(b => b.GetProperty("to").GetString() == sender)),
            "every acknowledged message's reply reaches the gateway", 90);

        var repliesBySender = gateway.AcceptedBodies.GroupBy(b => b.GetProperty("to").GetString()!).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (sender, text) in acknowledged)
        {
            var reply = Assert.Single(repliesBySender[sender]);
            Assert.Equal($"Got it: {text}", reply.GetProperty("text").GetString());
        }
    }
}
