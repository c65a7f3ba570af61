using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SmsPortal.Outbound.Gateways;

/// <summary>
/// SMSGate (android-sms-gateway, sms-gate.app): <c>POST {BaseUrl}/3rdparty/v1/messages</c> with Basic auth
/// (<c>Username</c>/<c>Password</c>) and JSON <c>{id, textMessage: {text}, phoneNumbers: [to], withDeliveryReport}</c>.
/// </summary>
/// <remarks>
/// Field names follow SMSGate's server and Go client (<c>smsgateway.Message</c>, <c>smsgateway.MessageState</c>).
/// Our outbox id travels as <c>id</c> (SMSGate allows up to 36 characters; ours are 30), so SMSGate's message id
/// <em>is</em> our id, and its status webhooks (<c>payload.messageId</c>) name our id. SMSGate refuses a second
/// message with a known id with <c>409 Conflict</c>: that is the answer to a resend after a crash or a lost response,
/// and it means the first send was accepted, so it maps to sent. That is what makes retrying this POST safe.
/// The answer (<c>202</c>) is the message state: <c>Pending</c>, <c>Processed</c>, <c>Sent</c>, <c>Delivered</c> or
/// <c>Failed</c>, with a per-recipient <c>error</c> when failed.
/// <para>
/// <c>BaseUrl</c> is the server root (<c>https://api.sms-gate.app</c>, or a private server's root). SMSGate's own
/// tools name the API base <c>…/3rdparty/v1</c>; a BaseUrl pasted with that suffix is accepted as is. The app's
/// local-server mode (on the phone itself) has a different path and is not supported.
/// </para>
/// </remarks>
public sealed class SmsGateGateway(GatewayHttpClients http, IOptionsMonitor<GatewayOptions> options) : IGatewayAdapter
{
    public const string Name = "SMSGate";
    private const string ApiPrefix = "3rdparty/v1";

    public Task<GatewaySendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        SendAsync(message, options.CurrentValue, cancellationToken);

    public async Task<GatewaySendResult> SendAsync(OutboundMessage message, GatewayOptions settings, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, MessagesUri(settings.EffectiveBaseUrl!))
        {
            Content = JsonContent.Create(new
            {
                id = message.Id,
                textMessage = new { text = message.Text },
                phoneNumbers = new[] { message.To },
                withDeliveryReport = true,
            }, options: GatewayHttp.Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", GatewayHttp.Basic(settings.Username!, settings.Password!));
        return await GatewayHttp.SendAsync(http.For(this, settings), request, Name, (_, body) => ParseState(body, message.Id), ReadError, cancellationToken,
            onError: (status, _) => status == HttpStatusCode.Conflict ? GatewaySendResult.Sent(message.Id) : null);
    }

    internal static Uri MessagesUri(string baseUrl)
    {
        var root = baseUrl.TrimEnd('/');
        return root.EndsWith("/" + ApiPrefix, StringComparison.OrdinalIgnoreCase)
            ? GatewayHttp.Combine(root, "messages")
            : GatewayHttp.Combine(root, ApiPrefix + "/messages");
    }

    private static GatewaySendResult ParseState(string body, string ourId)
    {
        using var json = GatewayHttp.TryParse(body);
        var root = json?.RootElement ?? default;
        // SMSGate echoes the id we gave; fall back to it if the body is not what we expect.
        var id = GatewayHttp.Text(root, "id") is { Length: > 0 } echoed ? echoed : ourId;
        if (!string.Equals(GatewayHttp.Text(root, "state"), "Failed", StringComparison.OrdinalIgnoreCase))
        {
            return GatewaySendResult.Sent(id);
        }
        var reasons = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("recipients", out var recipients) && recipients.ValueKind == JsonValueKind.Array
            ? recipients.EnumerateArray().Select(r => GatewayHttp.Text(r, "error")).Where(e => !string.IsNullOrEmpty(e)).ToList()
            : [];
        return GatewaySendResult.Permanent($"{Name} reported the message failed: {(reasons.Count > 0 ? GatewayHttp.Shorten(string.Join("; ", reasons)) : "no reason given")}");
    }

    /// <summary>SMSGate errors are <c>{"message": "…", "code": …}</c>.</summary>
    private static string? ReadError(JsonElement root) => GatewayHttp.Text(root, "message");
}
