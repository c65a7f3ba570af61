using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SmsPortal.Outbound.Gateways;

/// <summary>
/// textbee (textbee.dev): <c>POST {BaseUrl}/api/v1/gateway/devices/{DeviceId}/send-sms</c> with
/// <c>x-api-key: {ApiKey}</c> and JSON <c>{recipients: [to], message}</c>.
/// </summary>
/// <remarks>
/// <para>
/// textbee has no field for a caller's id and no idempotency key: a resend is a second SMS. So this client is
/// registered without retries inside the HTTP pipeline except where the request surely never left (see
/// <c>OutboundServiceCollectionExtensions</c>); the outbox still retries 5xx and timeouts later, which can
/// duplicate a message whose answer was lost. <c>send-sms</c> is the current route; textbee keeps the older
/// <c>sendSMS</c> as an alias.
/// </para>
/// <para>
/// The answer is <c>{"data": …}</c>, and its shape is not documented as a schema. Read from textbee's server source:
/// with its send queue enabled (the hosted service) <c>data</c> is
/// <c>{success, message, smsBatchId, recipientCount}</c>; without it <c>data</c> is Firebase's batch result
/// (<c>successCount</c>, <c>failureCount</c>), which carries no id. We record <c>smsBatchId</c> as the gateway's
/// message id (one recipient per send, so one batch is one SMS), else <c>smsId</c> or <c>_id</c> if a version
/// returns one. textbee's status webhooks name both <c>smsId</c> and <c>smsBatchId</c>; <c>smsId</c> is never
/// in the send answer, so matching a status to our message has to use <c>smsBatchId</c>.
/// Errors are <c>{success: false, error}</c> or NestJS's <c>{statusCode, message, error}</c>.
/// </para>
/// </remarks>
public sealed class TextbeeGateway(GatewayHttpClients http, IOptionsMonitor<GatewayOptions> options) : IGatewayAdapter
{
    public const string Name = "textbee";

    public Task<GatewaySendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        SendAsync(message, options.CurrentValue, cancellationToken);

    public async Task<GatewaySendResult> SendAsync(OutboundMessage message, GatewayOptions settings, CancellationToken cancellationToken)
    {
        var path = $"api/v1/gateway/devices/{Uri.EscapeDataString(settings.DeviceId!.Trim())}/send-sms";
        using var request = new HttpRequestMessage(HttpMethod.Post, GatewayHttp.Combine(settings.EffectiveBaseUrl!, path))
        {
            Content = JsonContent.Create(new { recipients = new[] { message.To }, message = message.Text }, options: GatewayHttp.Json),
        };
        request.Headers.TryAddWithoutValidation("x-api-key", settings.ApiKey);
        return await GatewayHttp.SendAsync(http.For(this, settings), request, Name, (_, body) => Parse(body), ReadError, cancellationToken);
    }

    private static GatewaySendResult Parse(string body)
    {
        using var json = GatewayHttp.TryParse(body);
        var root = json?.RootElement ?? default;
        var data = GatewayHttp.Object(root, "data") ?? root;
        var refused = data.ValueKind == JsonValueKind.Object
            && ((data.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.False)
                || (data.TryGetProperty("successCount", out var sent) && sent.ValueKind == JsonValueKind.Number && sent.GetInt32() == 0
                    && data.TryGetProperty("failureCount", out var failed) && failed.ValueKind == JsonValueKind.Number && failed.GetInt32() > 0));
        if (refused)
        {
            var reason = GatewayHttp.Text(data, "error") ?? GatewayHttp.Text(data, "message") ?? "no reason given";
            return GatewaySendResult.Permanent($"{Name} refused the message: {GatewayHttp.Shorten(reason)}");
        }
        var id = GatewayHttp.Text(data, "smsBatchId") ?? GatewayHttp.Text(data, "smsId") ?? GatewayHttp.Text(data, "_id");
        return GatewaySendResult.Sent(string.IsNullOrEmpty(id) ? null : id);
    }

    private static string? ReadError(JsonElement root) => Join(GatewayHttp.Text(root, "error"), GatewayHttp.Text(root, "message"));

    private static string? Join(string? first, string? second) =>
        (first, second) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) when first != second => $"{first}: {second}",
            ({ Length: > 0 }, _) => first,
            _ => second,
        };
}
