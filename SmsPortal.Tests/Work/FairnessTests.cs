using Microsoft.EntityFrameworkCore;
using SmsPortal.Outbound;
using SmsPortal.Rules.Model;
using SmsPortal.Tests.Infrastructure;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.Work;

/// <summary>One workspace's hanging gateway holds only its own share of the outbox.</summary>
public sealed class FairnessTests
{
    [Fact]
    public async Task GatewayBlackHoledForWorkspaceA_WorkspaceBRepliesWithinOneSendTimeout()
    {
        // Long enough that no send of A can time out before B's reply is through, however loaded the machine: the
        // property is then "B went out while every one of A's sends still hung", not a wall-clock race.
        var timeout = TimeSpan.FromSeconds(30);
        // A node of 8 sends, 4 per workspace: A has more queued than the whole node could hold, with its share claimed
        // ahead too (its gateway deduplicates by our id), so only the node's accounting keeps room for B.
        await using var messaging = await TestApp.StartWithGatewayAsync(settings: new()
        {
            ["Gateway:Timeout"] = timeout.ToString(),
            ["Gateway:MaxConcurrentSends"] = "8",
            ["Gateway:MaxInFlightPerWorkspace"] = "4",
        });
        var a = await messaging.CreateEndpointAsync();
        var b = await messaging.CreateEndpointAsync();
        await messaging.AddRuleAsync(a, Rule("ack", [], new ReplyAction("A got it")));
        await messaging.AddRuleAsync(b, Rule("ack", [], new ReplyAction("B got it")));
        // Every request for workspace A's contacts hangs until the client gives up.
        messaging.Gateway.Hang = request => request.Body.Contains("+1666");

        for (var i = 0; i < 30; i++)
        {
            await messaging.SendAsync(a, $"a-{i}", "hello", from: $"+1666{i:D7}");
        }
        await messaging.Gateway.WaitForAsync(g => g.Requests.Count == 4, "A's share of sends reached the gateway and hangs there", 60);
        await Eventually.TrueAsync(async () => (await messaging.OutboxAsync(a)).Count(m => m.Status == OutboundStatus.Sending) == 8,
            "A's second share is claimed ahead", 60);
        await messaging.SendAsync(b, "b-1", "hello", from: "+15550000001");

        await Eventually.TrueAsync(async () => (await messaging.OutboxAsync(b)).SingleOrDefault()?.Status == OutboundStatus.Sent, "B's reply is sent", 60);
        var reply = Assert.Single(await messaging.OutboxAsync(b));
        Assert.Single(messaging.Gateway.Accepted);
        Assert.Equal(4, messaging.Gateway.Requests.Count(r => r.Body.Contains("+1666")));
        // No send of A has ended (a timeout would have requeued it with a reason or failed it): B did not wait for one.
        Assert.All(await messaging.OutboxAsync(a), m =>
        {
            Assert.Contains(m.Status, new[] { OutboundStatus.Queued, OutboundStatus.Sending });
            Assert.Null(m.FailureReason);
        });
        Assert.True(reply.SentAt - reply.CreatedAt < timeout,
            $"B's reply took {(reply.SentAt - reply.CreatedAt)?.TotalSeconds:F1} s behind A's black-holed sends; one send timeout is {timeout.TotalSeconds} s");
    }
}
