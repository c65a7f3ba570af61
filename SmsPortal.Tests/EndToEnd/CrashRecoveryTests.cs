using System.Collections.Concurrent;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.EndToEnd;

/// <summary>
/// The built app as a real process, killed with SIGKILL in the middle of a stream of deliveries, sending through a
/// gateway that deduplicates by our id (Generic): a send cut off mid-way is sent again, and arrives once.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string _directory = TestApp.NewDataDirectory();

    public void Dispose() => TestApp.TryDelete(_directory);

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
            ["Gateway__LeaseDuration"] = "00:00:03",
        };
        var endpoint = await CrashSetup.CreateAsync(environment, _directory, "crash@example.test");
        var port = FakeGateway.FreePort();

        var acknowledged = new ConcurrentDictionary<string, string>();
        await using (var first = await AppProcess.StartAsync(environment, port))
        {
            await CrashSetup.StreamUntilKilledAsync(first, endpoint, "crash", acknowledged, killAfter: 150, extraDelay: TimeSpan.Zero);
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
