using System.Net;
using SmsPortal.Endpoints;
using SmsPortal.Outbound;
using SmsPortal.Webhooks.Formats;

namespace SmsPortal.Tests.Outbound.Gateways;

public sealed class TwilioGatewayTests : IAsyncLifetime
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "tw-auth-token-secret";
    private const string MessageSid = "SM0123456789abcdef0123456789abcdef";

    private ScriptedGatewayServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedGatewayServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Dictionary<string, string?> Settings() => new()
    {
        ["Gateway:Type"] = "Twilio",
        ["Gateway:BaseUrl"] = _server.Url,
        ["Gateway:AccountSid"] = AccountSid,
        ["Gateway:AuthToken"] = AuthToken,
        ["Gateway:From"] = "+18005550199",
    };

    private static string Resource(string status, string? errorCode = null, string? errorMessage = null) =>
        $$"""{"sid":"{{MessageSid}}","account_sid":"{{AccountSid}}","to":"+15551234567","from":"+18005550199","body":"Prices: $5","status":"{{status}}","direction":"outbound-api","api_version":"2010-04-01","error_code":{{errorCode ?? "null"}},"error_message":{{(errorMessage is null ? "null" : $"\"{errorMessage}\"")}}}""";

    [Fact]
    public async Task SendAsync_Message_PostsDocumentedFormRequest()
    {
        _server.Answer = new(HttpStatusCode.Created, Resource("queued"));
        await using var harness = new GatewayHarness(Settings());

        await harness.SendAsync(GatewayHarness.Message());

        var request = _server.Single;
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/2010-04-01/Accounts/{AccountSid}/Messages.json", request.Path);
        Assert.Equal((AccountSid, AuthToken), request.Basic());
        Assert.Equal("application/x-www-form-urlencoded", request.Headers["Content-Type"]);
        Assert.Equal("To=%2B15551234567&Body=Prices%3A+%245&From=%2B18005550199", request.Body);
        Assert.Equal(new Dictionary<string, string> { ["To"] = "+15551234567", ["Body"] = "Prices: $5", ["From"] = "+18005550199" }, request.Form());
    }

    [Fact]
    public async Task SendAsync_MessagingServiceAndStatusCallback_SentInsteadOfFrom()
    {
        _server.Answer = new(HttpStatusCode.Created, Resource("accepted"));
        var settings = Settings();
        settings["Gateway:From"] = null;
        settings["Gateway:MessagingServiceSid"] = "MG0123456789abcdef0123456789abcdef";
        settings["Gateway:StatusCallbackUrl"] = "https://portal.example.com/hooks/sms/ep_3kTq9XvB2mLw7RzA";
        await using var harness = new GatewayHarness(settings);

        await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(new Dictionary<string, string>
        {
            ["To"] = "+15551234567",
            ["Body"] = "Prices: $5",
            ["MessagingServiceSid"] = "MG0123456789abcdef0123456789abcdef",
            ["StatusCallback"] = "https://portal.example.com/hooks/sms/ep_3kTq9XvB2mLw7RzA",
        }, _server.Single.Form());
    }

    [Fact]
    public async Task SendAsync_Queued_SentWithSid()
    {
        _server.Answer = new(HttpStatusCode.Created, Resource("queued"));
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.Sent, result.Outcome);
        Assert.Equal(MessageSid, result.GatewayMessageId);
    }

    [Fact]
    public async Task SendAsync_StatusFailed_PermanentWithTwilioError()
    {
        _server.Answer = new(HttpStatusCode.Created, Resource("failed", "30007", "Message filtered"));
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.PermanentFailure, result.Outcome);
        Assert.Equal("Twilio reported the message failed: error 30007: Message filtered", result.Error);
    }

    [Fact]
    public async Task SendAsync_400_PermanentWithTwilioCodeAndMessage()
    {
        _server.Answer = new(HttpStatusCode.BadRequest,
            """{"code":21211,"message":"The 'To' number +1555 is not a valid phone number.","more_info":"https://www.twilio.com/docs/errors/21211","status":400}""");
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.PermanentFailure, result.Outcome);
        Assert.Equal("Twilio answered 400 Bad Request: error 21211: The 'To' number +1555 is not a valid phone number.", result.Error);
    }

    [Fact]
    public async Task SendAsync_401_ReasonDoesNotContainTheAuthToken()
    {
        _server.Answer = new(HttpStatusCode.Unauthorized, """{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}""");
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("20003", result.Error);
        Assert.DoesNotContain(AuthToken, result.Error);
    }

    [Fact]
    public async Task SendAsync_429_Transient()
    {
        _server.Answer = new(HttpStatusCode.TooManyRequests, """{"code":20429,"message":"Too Many Requests","status":429}""");
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.TransientFailure, result.Outcome);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task SendAsync_500_UncertainWithoutRetryingThePost()
    {
        _server.Answer = new(HttpStatusCode.InternalServerError, """{"code":20500,"message":"Internal Server Error","status":500}""");
        await using var harness = new GatewayHarness(Settings());

        var result = await harness.SendAsync(GatewayHarness.Message());

        Assert.Equal(GatewaySendOutcome.Uncertain, result.Outcome);
        Assert.Contains("20500", result.Error);
        // No idempotency key on Twilio's Messages API: a second POST could be a second, billed SMS.
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task ReplyThroughRealApp_TwilioConfigured_SentWithSid()
    {
        _server.Answer = new(HttpStatusCode.Created, Resource("queued"));

        var (reply, request) = await GatewayEndToEnd.ReplyThroughAsync(_server, Settings());

        Assert.Equal(OutboundStatus.Sent, reply.Status);
        Assert.Equal(MessageSid, reply.GatewayMessageId);
        Assert.Equal($"/2010-04-01/Accounts/{AccountSid}/Messages.json", request.Path);
        Assert.Equal(GatewayEndToEnd.Sender, request.Form()["To"]);
        Assert.Equal(GatewayEndToEnd.ReplyText, request.Form()["Body"]);
    }

    [Fact]
    public async Task ReplyThroughRealApp_TwilioReportsFailed_FailedWithReason()
    {
        _server.Answer = new(HttpStatusCode.Created, Resource("failed", "21610", "Attempt to send to unsubscribed recipient"));

        var (reply, _) = await GatewayEndToEnd.ReplyThroughAsync(_server, Settings());

        Assert.Equal(OutboundStatus.Failed, reply.Status);
        Assert.Equal("Twilio reported the message failed: error 21610: Attempt to send to unsubscribed recipient", reply.FailureReason);
    }

    [Fact]
    public async Task ReplyThroughRealApp_ThenTwilioStatusCallbacks_SentThenDelivered()
    {
        _server.Answer = new(HttpStatusCode.Created, Resource("queued"));

        var (reply, _) = await GatewayEndToEnd.ReplyThroughAsync(_server, Settings(), async after =>
        {
            var endpoint = await after.EndpointAsync(EndpointFormat.Twilio, AuthToken);
            var url = new Uri(after.Client.BaseAddress!, endpoint.Path).ToString();
            foreach (var status in new[] { "sent", "delivered" })
            {
                var form = new Dictionary<string, string>
                {
                    ["AccountSid"] = AccountSid,
                    ["MessageSid"] = after.Reply.GatewayMessageId!,
                    ["MessageStatus"] = status,
                    ["From"] = "+18005550199",
                    ["To"] = GatewayEndToEnd.Sender,
                };
                using var response = await after.PostAsync(endpoint, new FormUrlEncodedContent(form), ("X-Twilio-Signature", TwilioFormat.Sign(url, form, AuthToken)));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        });

        Assert.Equal(MessageSid, reply.GatewayMessageId);
        Assert.Equal(OutboundStatus.Delivered, reply.Status);
    }

    [Fact]
    public async Task ReplyThroughRealApp_ThenTwilioUndelivered_FailedWithErrorCode()
    {
        _server.Answer = new(HttpStatusCode.Created, Resource("queued"));

        var (reply, _) = await GatewayEndToEnd.ReplyThroughAsync(_server, Settings(), async after =>
        {
            var endpoint = await after.EndpointAsync(EndpointFormat.Twilio, AuthToken);
            var url = new Uri(after.Client.BaseAddress!, endpoint.Path).ToString();
            var form = new Dictionary<string, string>
            {
                ["AccountSid"] = AccountSid,
                ["MessageSid"] = MessageSid,
                ["MessageStatus"] = "undelivered",
                ["ErrorCode"] = "30003",
                ["To"] = GatewayEndToEnd.Sender,
            };
            using var response = await after.PostAsync(endpoint, new FormUrlEncodedContent(form), ("X-Twilio-Signature", TwilioFormat.Sign(url, form, AuthToken)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });

        Assert.Equal(OutboundStatus.Failed, reply.Status);
        Assert.Contains("30003", reply.FailureReason);
    }
}
