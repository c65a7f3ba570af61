using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SmsPortal.Outbound.Gateways;

/// <summary>
/// <c>POST {BaseUrl}/messages</c> with <c>Authorization: Bearer {ApiKey}</c>, <c>Idempotency-Key: {id}</c> and
/// JSON <c>{id, to, text}</c>. A 2xx is sent (its body's <c>id</c>, if any, is the gateway's message id); a 4xx
/// other than 408/429 is a permanent failure; everything else is retried.
/// </summary>
public sealed class GenericRestGateway(GatewayHttpClients http, IOptionsMonitor<GatewayOptions> options) : IGatewayAdapter
{
    public const string Name = "Gateway";

    public Task<GatewaySendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        SendAsync(message, options.CurrentValue, cancellationToken);

    public async Task<GatewaySendResult> SendAsync(OutboundMessage message, GatewayOptions settings, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, GatewayHttp.Combine(settings.BaseUrl!, "messages"))
        {
            Content = JsonContent.Create(new { id = message.Id, to = message.To, text = message.Text }, options: GatewayHttp.Json),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", message.Id);
        if (!string.IsNullOrEmpty(settings.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        }
        return await GatewayHttp.SendAsync(http.For(this, settings), request, Name, (_, body) => GatewaySendResult.Sent(ReadId(body)), ReadError, cancellationToken);
    }

    private static string? ReadId(string body)
    {
        using var json = GatewayHttp.TryParse(body);
        return json?.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("id", out var id) ? id.ToString() : null;
    }

    private static string? ReadError(JsonElement root) => GatewayHttp.Text(root, "error") ?? GatewayHttp.Text(root, "message");
}
