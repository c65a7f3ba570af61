using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Endpoints;

namespace SmsPortal.Webhooks;

public sealed record TestDeliveryResult(string Url, string ExternalId, int StatusCode, string ResponseBody, double LatencyMs)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>
/// Sends a sample message, signed with the endpoint's current secret, to the app's own hook over real HTTP,
/// so the URL, the signature and storage are all exercised. The stored message is flagged as a test.
/// </summary>
public sealed class TestDelivery(
    EndpointService endpoints, IHttpClientFactory httpClients, IOptions<WebhookOptions> options, IServer server, TimeProvider time)
{
    public const string HttpClientName = "test-delivery";

    /// <summary>Marks a delivery as a test; honoured only when the signature verified.</summary>
    public const string HeaderName = Formats.NativeFormat.TestHeaderName;

    public const string SampleFrom = "+15550000000";
    public const string SampleText = "This is a test message from SmsPortal";
    private const int MaxResponseChars = 4000;

    // Gateways send '+' and other text as it is, not as \uXXXX escapes.
    private static readonly JsonSerializerOptions AsGatewaysSendIt = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="requestBaseUri">Where the portal was opened; used only when neither a public base nor a server address is known.</param>
    public async Task<TestDeliveryResult> SendAsync(
        Guid workspaceId, Actor actor, string endpointId, string requestBaseUri, CancellationToken cancellationToken = default)
    {
        var secret = await endpoints.SecretForTestDeliveryAsync(workspaceId, actor, endpointId, cancellationToken);
        var externalId = "test-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = externalId,
            from = SampleFrom,
            text = SampleText,
            receivedAt = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        }, AsGatewaysSendIt);
        var url = HookUrls.Combine(BaseAddress(requestBaseUri), $"/hooks/sms/{endpointId}");

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(SignatureVerifier.HeaderName, SignatureVerifier.Sign(body, Encoding.UTF8.GetBytes(secret)));
        request.Headers.Add(HeaderName, "1");

        var http = httpClients.CreateClient(HttpClientName);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return new TestDeliveryResult(url, externalId, (int)response.StatusCode,
                text.Length > MaxResponseChars ? text[..MaxResponseChars] + "…" : text,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new UserInputException($"The test delivery could not reach {url}: {ex.Message}");
        }
    }

    /// <summary>The configured public base; else this server's own address, preferring plain HTTP on loopback.</summary>
    private string BaseAddress(string requestBaseUri) =>
        options.Value.PublicBaseUrl is { Length: > 0 } publicBase
            ? publicBase
            : ChooseSelfAddress(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []) ?? requestBaseUri;

    /// <summary>
    /// Picks the address to call ourselves on: http before https (a development certificate would not be
    /// trusted), loopback before others; wildcard hosts (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>) become loopback.
    /// </summary>
    internal static string? ChooseSelfAddress(IEnumerable<string> addresses)
    {
        Uri? best = null;
        var bestRank = int.MaxValue;
        foreach (var address in addresses)
        {
            var normalized = address.Replace("://*", "://localhost").Replace("://+", "://localhost");
            if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                continue;
            }
            if (IPAddress.TryParse(uri.Host, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
            {
                uri = new UriBuilder(uri) { Host = ip.Equals(IPAddress.Any) ? "127.0.0.1" : "[::1]" }.Uri;
            }
            var loopback = uri.IsLoopback;
            var rank = (uri.Scheme == "http" ? 0 : 2) + (loopback ? 0 : 1);
            if (rank < bestRank)
            {
                best = uri;
                bestRank = rank;
            }
        }
        return best?.GetLeftPart(UriPartial.Authority);
    }
}
