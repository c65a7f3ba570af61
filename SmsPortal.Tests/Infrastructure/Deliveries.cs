using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmsPortal.Common;
using SmsPortal.Webhooks;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>Builds and sends deliveries the way a gateway does.</summary>
public static class Deliveries
{
    public static string Body(string id, string text = "hello", string from = "+15551234567", string receivedAt = "2026-11-23T20:00:00Z") =>
        JsonSerializer.Serialize(new { id, from, text, receivedAt }, RawJson);

    // Gateways send UTF-8 as it is, not \uXXXX escapes.
    private static readonly JsonSerializerOptions RawJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Sign(string body, string secret) =>
        SignatureVerifier.Sign(Encoding.UTF8.GetBytes(body), Encoding.UTF8.GetBytes(secret));

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, TestEndpoint endpoint, string body, string? signature = null) =>
        client.PostRawAsync(endpoint.Path, Encoding.UTF8.GetBytes(body), signature ?? Sign(body, endpoint.Secret));

    public static async Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, byte[] body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Signature", signature);
        }
        return await client.SendAsync(request);
    }

    public static async Task<Ack> ReadAckAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<Ack>())!;

    public static async Task<JsonElement> ReadProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public sealed record Ack(string Status, string MessageId);
}
