using System.Net;
using SmsPortal.Outbound;
using SmsPortal.Rules.Model;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Tests.Outbound.Gateways;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.Outbound;

/// <summary>
/// A gateway without an idempotency key (textbee) that got the request but whose answer was lost: late, cut off,
/// or never written. The reply reaches it exactly once and is failed with a reason the user can act on; only an
/// answer that proves the request had no effect (503) or no connection at all is tried again.
/// </summary>
public sealed class UncertainSendTests : IAsyncLifetime
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(1);
    private readonly UnreliableGatewayServer _gateway = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private Dictionary<string, string?> Settings(string? baseUrl = null) => new()
    {
        ["Gateway:Type"] = "Textbee",
        ["Gateway:BaseUrl"] = baseUrl ?? _gateway.Url,
        ["Gateway:ApiKey"] = "tb-key",
        ["Gateway:DeviceId"] = "device-1",
        ["Gateway:Timeout"] = SendTimeout.ToString(),
        ["Gateway:RetryDelay"] = "00:00:00.200",
    };

    [Theory]
    [InlineData(GatewayBehaviour.AnswerLate)]
    [InlineData(GatewayBehaviour.CloseWithoutAnswer)]
    [InlineData(GatewayBehaviour.CutAnswer)]
    public async Task Adapter_RequestReachedGatewayAnswerLost_UncertainAndSentOnce(GatewayBehaviour behaviour)
    {
        _gateway.Delay = SendTimeout * 3;
        _gateway.Then(behaviour);
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.Uncertain, result.Outcome);
        Assert.Single(_gateway.Accepted);
    }

    [Fact]
    public async Task Adapter_PooledConnectionClosedAfterRequest_NotResentBelowUs()
    {
        // The second send goes out on the kept-alive connection of the first; the gateway reads it and closes. The
        // HTTP stack must not take that for a stale connection and send the request again on a new one.
        _gateway.Then(GatewayBehaviour.Answer, GatewayBehaviour.CloseWithoutAnswer);
        await using var harness = new GatewayHarness(Settings());

        Assert.Equal(GatewaySendOutcome.Sent, (await harness.SendAsync(GatewayHarness.Message(id: "out_first"))).Outcome);
        var second = await harness.SendAsync(GatewayHarness.Message(id: "out_second"));

        Assert.Equal(GatewaySendOutcome.Uncertain, second.Outcome);
        Assert.Equal(2, _gateway.Accepted.Count);
        Assert.Equal(1, _gateway.Connections);
    }

    [Fact]
    public async Task Adapter_503_TransientWithNothingAccepted()
    {
        _gateway.Then(GatewayBehaviour.Unavailable);
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.TransientFailure, result.Outcome);
        Assert.Empty(_gateway.Accepted);
    }

    [Theory]
    [InlineData(GatewayBehaviour.AnswerLate)]
    [InlineData(GatewayBehaviour.CloseWithoutAnswer)]
    [InlineData(GatewayBehaviour.CutAnswer)]
    public async Task Reply_AnswerLost_FailedAsNotConfirmedAndNeverResent(GatewayBehaviour behaviour)
    {
        _gateway.Delay = SendTimeout * 3;
        _gateway.Then(behaviour);
        await using var app = new TestApp(settings: Settings());
        var endpoint = await app.CreateEndpointAsync();
        await app.AddRuleAsync(endpoint, Rule("ack", [], new ReplyAction("Got it")));

        await app.SendAsync(endpoint, "m-1", "hello");

        var reply = await SettledAsync(app, endpoint);
        Assert.Equal(OutboundStatus.Failed, reply.Status);
        Assert.StartsWith("Not confirmed: ", reply.FailureReason);
        Assert.Contains("Send it again from the conversation", reply.FailureReason);
        Assert.Equal(1, reply.Attempts);
        // Well past the outbox's retry delay: nothing more reaches the gateway.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(_gateway.Accepted);
        Assert.Equal(OutboundStatus.Failed, Assert.Single(await app.OutboxAsync(endpoint)).Status);
    }

    [Fact]
    public async Task Reply_GatewayUnavailableThenUp_RetriedAndSentOnce()
    {
        _gateway.Then(GatewayBehaviour.Unavailable, GatewayBehaviour.Unavailable);
        await using var app = new TestApp(settings: Settings());
        var endpoint = await app.CreateEndpointAsync();
        await app.AddRuleAsync(endpoint, Rule("ack", [], new ReplyAction("Got it")));

        await app.SendAsync(endpoint, "m-1", "hello");

        var reply = await SettledAsync(app, endpoint);
        Assert.Equal(OutboundStatus.Sent, reply.Status);
        Assert.Equal(3, reply.Attempts);
        Assert.Equal(3, _gateway.Received);
        Assert.Single(_gateway.Accepted);
    }

    [Fact]
    public async Task Reply_NothingListening_RetriedUntilTheGatewayIsUp()
    {
        var port = FakeGateway.FreePort();
        await using var app = new TestApp(settings: Settings($"http://127.0.0.1:{port}"));
        var endpoint = await app.CreateEndpointAsync();
        await app.AddRuleAsync(endpoint, Rule("ack", [], new ReplyAction("Got it")));

        await app.SendAsync(endpoint, "m-1", "hello");
        await Eventually.TrueAsync(async () => (await app.OutboxAsync(endpoint)).SingleOrDefault() is { Attempts: >= 2, Status: OutboundStatus.Queued },
            "the refused connection is retried", 30);
        await using var late = await ScriptedGatewayServerOn(port);

        var reply = await SettledAsync(app, endpoint);
        Assert.Equal(OutboundStatus.Sent, reply.Status);
        Assert.Single(late.Requests);
    }

    private static async Task<ScriptedGatewayServer> ScriptedGatewayServerOn(int port)
    {
        var server = await ScriptedGatewayServer.StartAsync(port);
        server.Answer = new(HttpStatusCode.Created, UnreliableGatewayServer.QueuedAnswer);
        return server;
    }

    private static async Task<OutboundMessage> SettledAsync(TestApp app, TestEndpoint endpoint)
    {
        OutboundMessage? reply = null;
        await Eventually.TrueAsync(async () =>
        {
            reply = (await app.OutboxAsync(endpoint)).SingleOrDefault();
            return reply?.Status is OutboundStatus.Sent or OutboundStatus.Failed;
        }, "the reply is settled", 30);
        return reply!;
    }
}
