using System.Net;
using System.Text;
using System.Text.Json;
using SmsPortal.Outbound;
using SmsPortal.Endpoints;
using SmsPortal.Outbound.Gateways;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Webhooks.Formats;

namespace SmsPortal.Tests.Outbound.Gateways;

public sealed class SmsGateGatewayTests : IAsyncLifetime
{
    private ScriptedGatewayServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedGatewayServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Dictionary<string, string?> Settings(string? baseUrl = null) => new()
    {
        ["Gateway:Type"] = "SmsGate",
        ["Gateway:BaseUrl"] = baseUrl ?? _server.Url,
        ["Gateway:Username"] = "sg-user",
        ["Gateway:Password"] = "sg-p@ss:word",
    };

    private static string State(string id, string state, string? error = null) => JsonSerializer.Serialize(new
    {
        id,
        deviceId = "PyDmBQZZXYmyxMwED8Fzy",
        state,
        isHashed = false,
        isEncrypted = false,
        recipients = new[] { new { phoneNumber = "+15551234567", state, error } },
    });

    [Fact]
    public async Task SendAsync_Message_PostsDocumentedRequest()
    {
        var message = GatewayHarness.Message();
        _server.Answer = new(HttpStatusCode.Accepted, State(message.Id, "Pending"));
        await using var harness = new GatewayHarness(Settings());

        await harness.SendAsync(message);

        var request = _server.Single;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/3rdparty/v1/messages", request.Path);
        Assert.Equal(("sg-user", "sg-p@ss:word"), request.Basic());
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        var body = request.Json;
        Assert.Equal(["id", "textMessage", "phoneNumbers", "withDeliveryReport"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(message.Id, body.GetProperty("id").GetString());
        Assert.Equal("Prices: $5", body.GetProperty("textMessage").GetProperty("text").GetString());
        Assert.Equal(["+15551234567"], body.GetProperty("phoneNumbers").EnumerateArray().Select(e => e.GetString()));
        Assert.True(body.GetProperty("withDeliveryReport").GetBoolean());
    }

    [Fact]
    public async Task SendAsync_Accepted_SentWithOurIdAsGatewayId()
    {
        var message = GatewayHarness.Message();
        _server.Answer = new(HttpStatusCode.Accepted, State(message.Id, "Pending"));
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(message);

        Assert.Equal(GatewaySendOutcome.Sent, result.Outcome);
        Assert.Equal(message.Id, result.GatewayMessageId);
    }

    [Fact]
    public async Task SendAsync_StateFailed_PermanentWithRecipientError()
    {
        var message = GatewayHarness.Message();
        _server.Answer = new(HttpStatusCode.Accepted, State(message.Id, "Failed", "RESULT_ERROR_NO_SERVICE"));
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(message);

        Assert.Equal(GatewaySendOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("RESULT_ERROR_NO_SERVICE", result.Error);
    }

    [Fact]
    public async Task SendAsync_409KnownId_SentBecauseTheFirstSendWasAccepted()
    {
        var message = GatewayHarness.Message();
        _server.Answer = new(HttpStatusCode.Conflict, """{"message":"message with the same ID already exists"}""");
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(message);

        Assert.Equal(GatewaySendOutcome.Sent, result.Outcome);
        Assert.Equal(message.Id, result.GatewayMessageId);
    }

    [Fact]
    public async Task SendAsync_400_PermanentWithGatewayMessage()
    {
        _server.Answer = new(HttpStatusCode.BadRequest, """{"message":"invalid phone number","code":0}""");
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.PermanentFailure, result.Outcome);
        Assert.Equal("SMSGate answered 400 Bad Request: invalid phone number", result.Error);
    }

    [Fact]
    public async Task SendAsync_401_ReasonDoesNotContainTheCredentials()
    {
        _server.Answer = new(HttpStatusCode.Unauthorized, """{"message":"Unauthorized"}""");
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.PermanentFailure, result.Outcome);
        Assert.DoesNotContain("sg-p@ss:word", result.Error);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("sg-user:sg-p@ss:word")), result.Error);
    }

    [Fact]
    public async Task SendAsync_500_UncertainAfterQuickRetriesWithTheSameId()
    {
        _server.Answer = new(HttpStatusCode.InternalServerError, """{"message":"failed to handle request"}""");
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.Uncertain, result.Outcome);
        Assert.Contains("failed to handle request", result.Error);
        // SMSGate refuses a known id (409), so the pipeline may retry the POST.
        Assert.Equal(3, _server.Requests.Count);
        Assert.Single(_server.Requests.Select(r => r.Json.GetProperty("id").GetString()).Distinct());
    }

    [Fact]
    public async Task SendAsync_503ThenAccepted_SentWithinOneAttempt()
    {
        var message = GatewayHarness.Message();
        _server.ThenAnswer(HttpStatusCode.ServiceUnavailable, """{"message":"queue limits exceeded"}""");
        _server.Answer = new(HttpStatusCode.Accepted, State(message.Id, "Pending"));
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(message);

        Assert.Equal(GatewaySendOutcome.Sent, result.Outcome);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_BaseUrlWithApiPrefix_PrefixNotRepeated()
    {
        var message = GatewayHarness.Message();
        _server.Answer = new(HttpStatusCode.Accepted, State(message.Id, "Pending"));
        await using var harness = new GatewayHarness(Settings(_server.Url + "/3rdparty/v1/"));

        await harness.SendAsync(message);

        Assert.Equal("/3rdparty/v1/messages", _server.Single.Path);
    }

    [Fact]
    public void MessagesUri_NoBaseUrl_PublicCloud()
    {
        var options = new GatewayOptions { Type = GatewayType.SmsGate };

        Assert.Equal("https://api.sms-gate.app/3rdparty/v1/messages", SmsGateGateway.MessagesUri(options.EffectiveBaseUrl!).ToString());
    }

    [Fact]
    public async Task ReplyThroughRealApp_SmsGateConfigured_SentWithGatewayId()
    {
        _server.Answer = new(HttpStatusCode.Accepted, """{"id":"ECHOED","state":"Pending","recipients":[]}""");

        var (reply, request) = await GatewayEndToEnd.ReplyThroughAsync(_server, Settings());

        Assert.Equal(OutboundStatus.Sent, reply.Status);
        Assert.Equal("ECHOED", reply.GatewayMessageId);
        Assert.Equal("/3rdparty/v1/messages", request.Path);
        Assert.Equal(reply.Id, request.Json.GetProperty("id").GetString());
        Assert.Equal(GatewayEndToEnd.ReplyText, request.Json.GetProperty("textMessage").GetProperty("text").GetString());
        Assert.Equal(GatewayEndToEnd.Sender, request.Json.GetProperty("phoneNumbers")[0].GetString());
    }

    [Fact]
    public async Task ReplyThroughRealApp_ThenSmsGateDeliveredEvent_Delivered()
    {
        _server.Answer = new(HttpStatusCode.Accepted, """{"state":"Pending","recipients":[]}""");
        const string signingKey = "whsec_smsgate-signing-key-0123456789";

        var (reply, _) = await GatewayEndToEnd.ReplyThroughAsync(_server, Settings(), async after =>
        {
            Assert.Equal(after.Reply.Id, after.Reply.GatewayMessageId);
            var endpoint = await after.EndpointAsync(EndpointFormat.SmsGate, signingKey);
            var body = JsonSerializer.Serialize(new
            {
                deviceId = "PyDmBQZZXYmyxMwED8Fzy",
                @event = "sms:delivered",
                id = "evt-delivered-1",
                payload = new { messageId = after.Reply.GatewayMessageId, recipient = GatewayEndToEnd.Sender, deliveredAt = "2026-11-24T10:00:00Z" },
                webhookId = "wh-1",
            });
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var signature = SmsGateFormat.Sign(Encoding.UTF8.GetBytes(body), timestamp, Encoding.UTF8.GetBytes(signingKey));

            using var response = await after.PostAsync(endpoint, new StringContent(body, Encoding.UTF8, "application/json"),
                ("X-Signature", signature), ("X-Timestamp", timestamp));

            Assert.Equal("status-updated", (await response.ReadAckAsync()).Status);
        });

        Assert.Equal(OutboundStatus.Delivered, reply.Status);
        Assert.NotNull(reply.DeliveredAt);
    }
}
