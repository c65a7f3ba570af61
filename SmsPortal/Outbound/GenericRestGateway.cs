using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SmsPortal.Outbound;

/// <summary>
/// <c>POST {BaseUrl}/messages</c> with <c>Authorization: Bearer {ApiKey}</c>, <c>Idempotency-Key: {id}</c> and
/// JSON <c>{id, to, text}</c>. A 2xx is sent (its body's <c>id</c>, if any, is the gateway's message id); a 4xx
/// other than 408/429 is a permanent failure; everything else is retried.
/// </summary>
public sealed class GenericRestGateway(HttpClient http, IOptionsMonitor<GatewayOptions> options) : IGatewayAdapter
{
    public const string HttpClientName = "gateway";

    public Task<GatewaySendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        SendAsync(message, options.CurrentValue, cancellationToken);

    public async Task<GatewaySendResult> SendAsync(OutboundMessage message, GatewayOptions settings, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(settings.BaseUrl!.TrimEnd('/') + "/"), "messages"))
        {
            Content = JsonContent.Create(new { id = message.Id, to = message.To, text = message.Text }),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", message.Id);
        if (!string.IsNullOrEmpty(settings.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return GatewaySendResult.Sent(ReadId(body));
            }
            var error = $"Gateway answered {(int)response.StatusCode} {response.ReasonPhrase}: {Excerpt(body)}";
            return IsPermanent(response.StatusCode) ? GatewaySendResult.Permanent(error) : GatewaySendResult.Transient(error);
        }
        catch (HttpRequestException ex)
        {
            return GatewaySendResult.Transient($"Gateway unreachable: {ex.Message}");
        }
        catch (Exception ex) when (ex is TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            return GatewaySendResult.Transient("Gateway timed out.");
        }
    }

    internal static bool IsPermanent(HttpStatusCode status) =>
        (int)status is >= 400 and < 500 && status is not HttpStatusCode.RequestTimeout and not HttpStatusCode.TooManyRequests;

    private static string? ReadId(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("id", out var id) ? id.ToString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Excerpt(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
