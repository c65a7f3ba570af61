using System.Net;
using SmsPortal.Endpoints;
using SmsPortal.Outbound;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Outbound.Gateways;

public sealed class TextbeeGatewayTests : IAsyncLifetime
{
    private const string Queued = """{"data":{"success":true,"message":"SMS added to queue for processing","smsBatchId":"6650a1b2c3d4e5f601234567","recipientCount":1}}""";

    private ScriptedGatewayServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedGatewayServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Dictionary<string, string?> Settings() => new()
    {
        ["Gateway:Type"] = "Textbee",
        ["Gateway:BaseUrl"] = _server.Url,
        ["Gateway:ApiKey"] = "tb-secret-key",
        ["Gateway:DeviceId"] = "65f0000000000000000000aa",
    };

    [Fact]
    public async Task SendAsync_Message_PostsDocumentedRequest()
    {
        _server.Answer = new(HttpStatusCode.Created, Queued);
        await using var harness = new GatewayHarness(Settings());

        await harness.SendAsync(GatewayHarness.Message());

        var request = _server.Single;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v1/gateway/devices/65f0000000000000000000aa/send-sms", request.Path);
        Assert.Equal("tb-secret-key", request.Headers["x-api-key"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal("""{"recipients":["+15551234567"],"message":"Prices: $5"}""", request.Body);
    }

    [Fact]
    public async Task SendAsync_Queued_SentWithBatchId()
    {
        _server.Answer = new(HttpStatusCode.Created, Queued);
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.Sent, result.Outcome);
        Assert.Equal("6650a1b2c3d4e5f601234567", result.GatewayMessageId);
    }

    [Fact]
    public async Task SendAsync_DirectSendAnswerWithoutId_SentWithoutGatewayId()
    {
        // A textbee server without its send queue answers with Firebase's batch result, which names no SMS.
        _server.Answer = new(HttpStatusCode.Created, """{"data":{"responses":[{"success":true,"messageId":"projects/x/messages/1"}],"successCount":1,"failureCount":0}}""");
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.Sent, result.Outcome);
        Assert.Null(result.GatewayMessageId);
    }

    [Fact]
    public async Task SendAsync_SuccessFalse_PermanentWithTextbeeError()
    {
        _server.Answer = new(HttpStatusCode.OK, """{"data":{"success":false,"error":"Device is offline"}}""");
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.PermanentFailure, result.Outcome);
        Assert.Equal("textbee refused the message: Device is offline", result.Error);
    }

    [Fact]
    public async Task SendAsync_400_PermanentWithTextbeeError()
    {
        _server.Answer = new(HttpStatusCode.BadRequest, """{"success":false,"error":"Invalid recipients"}""");
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.PermanentFailure, result.Outcome);
        Assert.Equal("textbee answered 400 Bad Request: Invalid recipients", result.Error);
    }

    [Fact]
    public async Task SendAsync_401_ReasonDoesNotContainTheApiKey()
    {
        _server.Answer = new(HttpStatusCode.Unauthorized, """{"statusCode":401,"message":"Unauthorized"}""");
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("Unauthorized", result.Error);
        Assert.DoesNotContain("tb-secret-key", result.Error);
    }

    [Fact]
    public async Task SendAsync_500_UncertainWithoutRetryingThePost()
    {
        _server.Answer = new(HttpStatusCode.InternalServerError, """{"success":false,"error":"Failed to add SMS to queue"}""");
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.Uncertain, result.Outcome);
        Assert.Contains("Failed to add SMS to queue", result.Error);
        // No idempotency key: a second POST could be a second SMS, so the pipeline does not retry it.
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task ReplyThroughRealApp_TextbeeConfigured_SentWithBatchId()
    {
        _server.Answer = new(HttpStatusCode.Created, Queued);

        var (reply, request) = await GatewayEndToEnd.ReplyThroughAsync(_server, Settings());

        Assert.Equal(OutboundStatus.Sent, reply.Status);
        Assert.Equal("6650a1b2c3d4e5f601234567", reply.GatewayMessageId);
        Assert.Equal("/api/v1/gateway/devices/65f0000000000000000000aa/send-sms", request.Path);
        Assert.Equal(GatewayEndToEnd.Sender, request.Json.GetProperty("recipients")[0].GetString());
        Assert.Equal(GatewayEndToEnd.ReplyText, request.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ReplyThroughRealApp_ThenTextbeeDeliveredEventWithBatchId_Delivered()
    {
        _server.Answer = new(HttpStatusCode.Created, Queued);
        const string secret = "whsec_textbee-signing-key-0123456789";

        var (reply, _) = await GatewayEndToEnd.ReplyThroughAsync(_server, Settings(), async after =>
        {
            var endpoint = await after.EndpointAsync(EndpointFormat.Textbee, secret);
            // textbee reports per smsId (which our send never learned) and carries the batch id we did record.
            var body = System.Text.Json.JsonSerializer.Serialize(new
            {
                smsId = "6650ffffffffffffffffffff",
                smsBatchId = after.Reply.GatewayMessageId,
                recipient = GatewayEndToEnd.Sender,
                webhookEvent = "MESSAGE_DELIVERED",
                deliveredAt = "2026-11-24T10:00:00Z",
            });
            var signature = SmsPortal.Common.SignatureVerifier.Sign(System.Text.Encoding.UTF8.GetBytes(body), System.Text.Encoding.UTF8.GetBytes(secret));

            using var response = await after.PostAsync(endpoint, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), ("X-Signature", signature));

            Assert.Equal("status-updated", (await response.ReadAckAsync()).Status);
        });

        Assert.Equal(OutboundStatus.Delivered, reply.Status);
    }
}
