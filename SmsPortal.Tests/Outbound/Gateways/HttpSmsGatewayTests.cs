using System.Net;
using System.Text;
using System.Text.Json;
using SmsPortal.Endpoints;
using SmsPortal.Outbound;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Tests.Webhooks.Formats;

namespace SmsPortal.Tests.Outbound.Gateways;

public sealed class HttpSmsGatewayTests : IAsyncLifetime
{
    private ScriptedGatewayServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedGatewayServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Dictionary<string, string?> Settings() => new()
    {
        ["Gateway:Type"] = "HttpSms",
        ["Gateway:BaseUrl"] = _server.Url,
        ["Gateway:ApiKey"] = "hs-secret-key",
        ["Gateway:From"] = "+18005550199",
    };

    private static string Answer(string status, string? failureReason = null) => JsonSerializer.Serialize(new
    {
        status = "success",
        message = "message added to queue",
        data = new
        {
            id = "32343a19-da5e-4b1b-a767-3298a73703cb",
            owner = "+18005550199",
            contact = "+15551234567",
            content = "Prices: $5",
            type = "mobile-terminated",
            status,
            request_id = "out_01jdz3k8m2q7r5t9v4w6x8y0za",
            failure_reason = failureReason,
        },
    });

    [Fact]
    public async Task SendAsync_Message_PostsDocumentedRequest()
    {
        var message = GatewayHarness.Message();
        _server.Answer = new(HttpStatusCode.OK, Answer("pending"));
        await using var harness = new GatewayHarness(Settings());

        await harness.SendAsync(message);

        var request = _server.Single;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/messages/send", request.Path);
        Assert.Equal("hs-secret-key", request.Headers["x-api-key"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal($$"""{"from":"+18005550199","to":"+15551234567","content":"Prices: $5","request_id":"{{message.Id}}"}""", request.Body);
    }

    [Fact]
    public async Task SendAsync_NonAsciiText_SentAsIsInUtf8()
    {
        _server.Answer = new(HttpStatusCode.OK, Answer("pending"));
        await using var harness = new GatewayHarness(Settings());

        await harness.SendAsync(GatewayHarness.Message("Café \"open\" 9–5, 5€"));

        Assert.Contains("\"content\":\"Café \\\"open\\\" 9–5, 5€\"", _server.Single.Body);
        Assert.Equal("Café \"open\" 9–5, 5€", _server.Single.Json.GetProperty("content").GetString());
    }

    [Fact]
    public async Task SendAsync_Pending_SentWithDataId()
    {
        _server.Answer = new(HttpStatusCode.OK, Answer("pending"));
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.Sent, result.Outcome);
        Assert.Equal("32343a19-da5e-4b1b-a767-3298a73703cb", result.GatewayMessageId);
    }

    [Fact]
    public async Task SendAsync_StatusFailed_PermanentWithFailureReason()
    {
        _server.Answer = new(HttpStatusCode.OK, Answer("failed", "phone is not registered"));
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.PermanentFailure, result.Outcome);
        Assert.Equal("httpSMS reported the message failed: phone is not registered", result.Error);
    }

    [Fact]
    public async Task SendAsync_422_PermanentWithFieldErrors()
    {
        _server.Answer = new(HttpStatusCode.UnprocessableEntity,
            """{"status":"error","message":"validation errors while sending message","data":{"to":["The to field must be a valid E.164 phone number"]}}""");
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.PermanentFailure, result.Outcome);
        Assert.Equal("httpSMS answered 422 Unprocessable Entity: validation errors while sending message (to: The to field must be a valid E.164 phone number)", result.Error);
    }

    [Fact]
    public async Task SendAsync_400_PermanentWithMessage()
    {
        _server.Answer = new(HttpStatusCode.BadRequest, """{"status":"error","message":"The request isn't properly formed"}""");
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.PermanentFailure, result.Outcome);
        Assert.Equal("httpSMS answered 400 Bad Request: The request isn't properly formed", result.Error);
    }

    [Fact]
    public async Task SendAsync_500_UncertainWithoutRetryingThePost()
    {
        _server.Answer = new(HttpStatusCode.InternalServerError, """{"status":"error","message":"We ran into an internal error while handling the request."}""");
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.Uncertain, result.Outcome);
        Assert.Contains("internal error", result.Error);
        Assert.DoesNotContain("hs-secret-key", result.Error);
        // request_id is for tracking, not deduplication: the pipeline does not send the POST twice.
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task ReplyThroughRealApp_HttpSmsConfigured_SentWithDataId()
    {
        _server.Answer = new(HttpStatusCode.OK, Answer("pending"));

        var (reply, request) = await GatewayEndToEnd.ReplyThroughAsync(_server, Settings());

        Assert.Equal(OutboundStatus.Sent, reply.Status);
        Assert.Equal("32343a19-da5e-4b1b-a767-3298a73703cb", reply.GatewayMessageId);
        Assert.Equal("/v1/messages/send", request.Path);
        Assert.Equal(reply.Id, request.Json.GetProperty("request_id").GetString());
        Assert.Equal(GatewayEndToEnd.Sender, request.Json.GetProperty("to").GetString());
        Assert.Equal(GatewayEndToEnd.ReplyText, request.Json.GetProperty("content").GetString());
    }

    [Fact]
    public async Task ReplyThroughRealApp_ThenHttpSmsDeliveredEvent_Delivered()
    {
        _server.Answer = new(HttpStatusCode.OK, Answer("pending"));
        const string signingKey = "whsec_httpsms-signing-key-0123456789";

        var (reply, _) = await GatewayEndToEnd.ReplyThroughAsync(_server, Settings(), async after =>
        {
            Assert.Equal("32343a19-da5e-4b1b-a767-3298a73703cb", after.Reply.GatewayMessageId);
            var endpoint = await after.EndpointAsync(EndpointFormat.HttpSms, signingKey);
            var body = HttpSmsToken.Event("message.phone.delivered", new
            {
                id = after.Reply.GatewayMessageId,
                owner = "+18005550199",
                contact = GatewayEndToEnd.Sender,
                user_id = "WB7DRDWrJZRGbYrv2CKGkqbzvqdC",
                encrypted = false,
                timestamp = "2026-11-24T10:00:00Z",
                content = GatewayEndToEnd.ReplyText,
                sim = "SIM1",
            });
            var token = HttpSmsToken.Create(signingKey, DateTimeOffset.UtcNow, audience: "https://sms.example.test" + endpoint.Path);

            using var response = await after.PostAsync(endpoint, new StringContent(body, Encoding.UTF8, "application/json"),
                ("Authorization", "Bearer " + token), ("X-Event-Type", "message.phone.delivered"));

            Assert.Equal("status-updated", (await response.ReadAckAsync()).Status);
        });

        Assert.Equal(OutboundStatus.Delivered, reply.Status);
        Assert.NotNull(reply.DeliveredAt);
    }
}
