using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SmsPortal.Outbound.Gateways;

/// <summary>
/// httpSMS (httpsms.com): <c>POST {BaseUrl}/v1/messages/send</c> with <c>x-api-key: {ApiKey}</c> and JSON
/// <c>{from, to, content, request_id}</c>, <c>from</c> being the sending phone's number and <c>request_id</c> our id.
/// </summary>
/// <remarks>
/// The answer is <c>{status: "success", message, data: {id, status, failure_reason, …}}</c>; <c>data.id</c> (a UUID)
/// is the gateway's message id and is what httpSMS's webhooks name. <c>data.status</c> is normally
/// <c>pending</c>; <c>failed</c> maps to a permanent failure with <c>failure_reason</c>. Validation errors come back
/// as <c>422 {status: "error", message, data: {field: [errors]}}</c>.
/// <para>
/// httpSMS documents <c>request_id</c> as "an optional parameter used to track a request from the client's
/// perspective": it is echoed on the message and its events, but nothing in its API reference or source says a
/// repeated <c>request_id</c> is refused or deduplicated. We therefore do not count on it as an idempotency key and
/// register this client without retries inside the HTTP pipeline, except for failures to connect.
/// </para>
/// </remarks>
public sealed class HttpSmsGateway(GatewayHttpClients http, IOptionsMonitor<GatewayOptions> options) : IGatewayAdapter
{
    public const string Name = "httpSMS";

    public Task<GatewaySendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        SendAsync(message, options.CurrentValue, cancellationToken);

    public async Task<GatewaySendResult> SendAsync(OutboundMessage message, GatewayOptions settings, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, GatewayHttp.Combine(settings.EffectiveBaseUrl!, "v1/messages/send"))
        {
            Content = JsonContent.Create(new { from = settings.From!.Trim(), to = message.To, content = message.Text, request_id = message.Id }, options: GatewayHttp.Json),
        };
        request.Headers.TryAddWithoutValidation("x-api-key", settings.ApiKey);
        return await GatewayHttp.SendAsync(http.For(this, settings), request, Name, (_, body) => Parse(body), ReadError, cancellationToken);
    }

    private static GatewaySendResult Parse(string body)
    {
        using var json = GatewayHttp.TryParse(body);
        var data = GatewayHttp.Object(json?.RootElement ?? default, "data") ?? default;
        if (string.Equals(GatewayHttp.Text(data, "status"), "failed", StringComparison.OrdinalIgnoreCase))
        {
            var reason = GatewayHttp.Text(data, "failure_reason") is { Length: > 0 } text ? GatewayHttp.Shorten(text) : "no reason given";
            return GatewaySendResult.Permanent($"{Name} reported the message failed: {reason}");
        }
        return GatewaySendResult.Sent(GatewayHttp.Text(data, "id") is { Length: > 0 } id ? id : null);
    }

    /// <summary><c>message</c>, followed by the per-field errors in <c>data</c> when there are any.</summary>
    private static string? ReadError(JsonElement root)
    {
        var message = GatewayHttp.Text(root, "message");
        var fields = GatewayHttp.Object(root, "data") is { } data
            ? data.EnumerateObject().Select(p => GatewayHttp.Text(data, p.Name) is { Length: > 0 } errors ? $"{p.Name}: {errors}" : null).Where(e => e is not null).ToList()
            : [];
        return fields.Count == 0 ? message : $"{message} ({string.Join("; ", fields)})";
    }
}
