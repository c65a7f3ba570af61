using System.Net;
using SmsPortal.Outbound;
using SmsPortal.Outbound.Gateways;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Outbound.Gateways;

public sealed class GatewayClientSelectorTests
{
    [Fact]
    public async Task SendAsync_TypeChangedWhileRunning_NextSendUsesTheNewGateway()
    {
        await using var twilio = await ScriptedGatewayServer.StartAsync();
        await using var textbee = await ScriptedGatewayServer.StartAsync();
        twilio.Answer = new(HttpStatusCode.Created, """{"sid":"SM1","status":"queued"}""");
        textbee.Answer = new(HttpStatusCode.Created, """{"data":{"success":true,"smsBatchId":"B1"}}""");
        await using var harness = new GatewayHarness(new()
        {
            ["Gateway:Type"] = "Twilio",
            ["Gateway:BaseUrl"] = twilio.Url,
            ["Gateway:AccountSid"] = "AC1",
            ["Gateway:AuthToken"] = "t",
            ["Gateway:From"] = "+18005550199",
        });
        var client = harness.Client;

        var first = await client.SendAsync(GatewayHarness.Message(), CancellationToken.None);
        // As when appsettings.json is edited while the app runs.
        harness.Configuration["Gateway:Type"] = "Textbee";
        harness.Configuration["Gateway:BaseUrl"] = textbee.Url;
        harness.Configuration["Gateway:ApiKey"] = "k";
        harness.Configuration["Gateway:DeviceId"] = "d1";
        harness.Configuration.Reload();
        var second = await client.SendAsync(GatewayHarness.Message(), CancellationToken.None);

        Assert.Equal("SM1", first.GatewayMessageId);
        Assert.Equal("B1", second.GatewayMessageId);
        Assert.Single(twilio.Requests);
        Assert.Equal("/api/v1/gateway/devices/d1/send-sms", textbee.Single.Path);
    }

    [Fact]
    public async Task SendAsync_GatewayUnreachable_TransientNamingTheGateway()
    {
        var port = FakeGateway.FreePort();
        await using var harness = new GatewayHarness(new()
        {
            ["Gateway:Type"] = "HttpSms",
            ["Gateway:BaseUrl"] = $"http://127.0.0.1:{port}",
            ["Gateway:ApiKey"] = "k",
            ["Gateway:From"] = "+18005550199",
        });

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.TransientFailure, result.Outcome);
        Assert.StartsWith("httpSMS unreachable", result.Error);
    }

    [Fact]
    public async Task SendAsync_GenericGateway_StillPostsToMessagesWithIdempotencyKey()
    {
        await using var generic = await ScriptedGatewayServer.StartAsync();
        generic.Answer = new(HttpStatusCode.OK, """{"id":"gw-1"}""");
        await using var harness = new GatewayHarness(new()
        {
            ["Gateway:Type"] = "Generic",
            ["Gateway:BaseUrl"] = generic.Url,
            ["Gateway:ApiKey"] = "g-key",
        });
        var message = GatewayHarness.Message();

        var result = await harness.SendAsync(message);

        Assert.Equal("gw-1", result.GatewayMessageId);
        Assert.Equal("/messages", generic.Single.Path);
        Assert.Equal(message.Id, generic.Single.Headers["Idempotency-Key"]);
        Assert.Equal("Bearer g-key", generic.Single.Headers["Authorization"]);
    }

    [Fact]
    public async Task Resolve_EachType_ThatGatewaysClient()
    {
        await using var harness = new GatewayHarness([]);
        var selector = Assert.IsType<GatewayClientSelector>(harness.Client);

        Assert.IsType<GenericRestGateway>(selector.Resolve(GatewayType.Generic));
        Assert.IsType<SmsGateGateway>(selector.Resolve(GatewayType.SmsGate));
        Assert.IsType<TextbeeGateway>(selector.Resolve(GatewayType.Textbee));
        Assert.IsType<HttpSmsGateway>(selector.Resolve(GatewayType.HttpSms));
        Assert.IsType<TwilioGateway>(selector.Resolve(GatewayType.Twilio));
        Assert.Null(selector.Resolve(GatewayType.None));
    }
}
