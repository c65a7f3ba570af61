using System.Net;
using System.Text;
using System.Text.Json;
using Polly.Timeout;
using SmsPortal.Egress;

namespace SmsPortal.Outbound.Gateways;

/// <summary>
/// What every adapter does the same way: send, classify the HTTP outcome, and turn the gateway's error body into a
/// short reason. A 2xx goes to the adapter's own parser; a 4xx other than 408/429 is permanent. Transient means the
/// request surely had no effect: no connection was made, or the gateway answered 408, 429 or 503. Everything that
/// may have followed a request the gateway received (a timeout, a connection cut or an answer ended early, any
/// other 5xx) is uncertain, which the outbox never resends through a gateway without an idempotency key. Reasons
/// quote the gateway's response, never our request, so no credential can end up in a failure reason.
/// </summary>
internal static class GatewayHttp
{
    public const int MaxReasonLength = 300;
    private static readonly TimeSpan BodyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Request bodies with text as it is ("+1555…", "Café") rather than <c>\u002B</c> escapes: equal to any JSON parser,
    /// but what a person reading the gateway's logs expects. Quotes and control characters are still escaped.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <param name="name">The gateway's name, for reasons ("Twilio answered 400 …").</param>
    /// <param name="onSuccess">Maps a 2xx body (and status) to the result.</param>
    /// <param name="readError">The gateway's error text from a non-2xx body, or null to quote the body.</param>
    /// <param name="onError">Overrides the default mapping of a non-2xx answer (e.g. SMSGate's 409 for a known id).</param>
    public static async Task<GatewaySendResult> SendAsync(
        GatewayChannel channel, HttpRequestMessage request, string name,
        Func<HttpStatusCode, string, GatewaySendResult> onSuccess,
        Func<JsonElement, string?> readError,
        CancellationToken cancellationToken,
        Func<HttpStatusCode, string, GatewaySendResult?>? onError = null)
    {
        try
        {
            using var response = await channel.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            using var bodyTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bodyTimeout.CancelAfter(BodyTimeout);
            var body = await CappedContent.ReadAsStringAsync(response.Content, channel.MaxResponseBytes, bodyTimeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return onSuccess(response.StatusCode, body);
            }
            if (onError?.Invoke(response.StatusCode, body) is { } overridden)
            {
                return overridden;
            }
            // From a workspace's URL the body could be any server's page: describe the answer in our words.
            var error = channel.FromWorkspace || (int)response.StatusCode is >= 300 and < 400
                ? $"{name} answered {EgressFailure.Describe(response.StatusCode)}."
                : $"{name} answered {(int)response.StatusCode} {response.ReasonPhrase}: {ErrorText(body, readError)}";
            return Classify(response.StatusCode, error);
        }
        catch (HttpRequestException ex) when (DestinationRefusedException.In(ex) is { } refused)
        {
            return GatewaySendResult.Permanent($"{name} was not contacted: {refused.Message}");
        }
        catch (HttpRequestException ex) when (NeverReached(ex))
        {
            return GatewaySendResult.Transient($"{name} unreachable: {ex.Message}");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return GatewaySendResult.Uncertain($"the connection to {name} broke before its answer was complete ({ex.Message})");
        }
        catch (Exception ex) when (ex is TaskCanceledException or TimeoutException or TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            return GatewaySendResult.Uncertain($"{name} did not answer in time");
        }
    }

    /// <summary>DNS, TCP connect or TLS handshake failed: nothing was sent, so a retry cannot duplicate an SMS.</summary>
    public static bool NeverReached(Exception? exception) =>
        exception is HttpRequestException
        {
            HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError,
        };

    /// <summary>
    /// A non-2xx answer: permanent for a 3xx/4xx other than 408/429; transient for 408 (the request was not read
    /// whole), 429 and 503 (refused before any effect, as every supported gateway documents them); else uncertain.
    /// </summary>
    private static GatewaySendResult Classify(HttpStatusCode status, string error) => status switch
    {
        _ when EgressFailure.IsPermanent(status) => GatewaySendResult.Permanent(error),
        HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable => GatewaySendResult.Transient(error),
        _ => GatewaySendResult.Uncertain(error),
    };

    /// <summary>A 4xx other than 408 (timeout) and 429 (slow down): sending the same request again would fail again.</summary>
    public static bool IsPermanent(HttpStatusCode status) =>
        (int)status is >= 400 and < 500 && status is not HttpStatusCode.RequestTimeout and not HttpStatusCode.TooManyRequests;

    /// <summary>The gateway's own error message when its body is JSON it understands, else the body itself, shortened.</summary>
    public static string ErrorText(string body, Func<JsonElement, string?> readError)
    {
        if (TryParse(body) is { } json)
        {
            using (json)
            {
                if (json.RootElement.ValueKind == JsonValueKind.Object && readError(json.RootElement) is { Length: > 0 } text)
                {
                    return Shorten(text);
                }
            }
        }
        return body.Length == 0 ? "(no body)" : Shorten(body);
    }

    public static JsonDocument? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A property as text: strings as they are, numbers as written, arrays of strings joined; null otherwise.</summary>
    public static string? Text(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Array => string.Join("; ", value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString())),
            _ => null,
        };
    }

    public static JsonElement? Object(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public static string Shorten(string text)
    {
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= MaxReasonLength ? text : text[..MaxReasonLength] + "…";
    }

    /// <summary>
    /// <paramref name="baseUrl"/>'s path followed by <paramref name="path"/>, built with <see cref="UriBuilder"/>: a query
    /// or fragment in the base URL cannot swallow the path we append.
    /// </summary>
    public static Uri Combine(string baseUrl, string path)
    {
        var builder = new UriBuilder(new Uri(baseUrl.Trim(), UriKind.Absolute)) { Query = "", Fragment = "", UserName = "", Password = "" };
        builder.Path = builder.Path.TrimEnd('/') + "/" + path.TrimStart('/');
        return builder.Uri;
    }

    public static string Basic(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
}
