using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SmsPortal.Egress;
using SmsPortal.Outbound;

namespace SmsPortal.GatewayConnect.Management;

/// <summary>A gateway API call that could not be made or was refused, in words the person connecting can act on.</summary>
public sealed class GatewayApiException(string message, HttpStatusCode? status = null) : Exception(message)
{
    public HttpStatusCode? Status { get; } = status;
}

/// <summary>The answer of a gateway's management API: its status and its JSON body (default when it had none).</summary>
internal sealed record ApiAnswer(HttpStatusCode Status, JsonElement Body)
{
    public bool Ok => (int)Status is >= 200 and < 300;
}

/// <summary>
/// Calls to a workspace's gateway management API (webhooks, settings, devices, health). The URL is one a workspace
/// user typed, so every call goes through the hardened client (<see cref="EgressServiceCollectionExtensions.UseTenantEgress"/>);
/// answers are read with the egress size cap, and errors quote the gateway's own message, never our request.
/// </summary>
internal sealed class ConnectHttp(IHttpClientFactory factory, IOptionsMonitor<EgressOptions> egress)
{
    public const string ClientName = "gateway-connect";

    public async Task<ApiAnswer> SendAsync(HttpMethod method, Uri uri, Action<HttpRequestHeaders> auth, object? body, string gateway, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }
        auth(request.Headers);
        try
        {
            using var response = await factory.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var text = await CappedContent.ReadAsStringAsync(response.Content, egress.CurrentValue.MaxResponseBytes, cancellationToken);
            return new ApiAnswer(response.StatusCode, Parse(text));
        }
        catch (HttpRequestException ex) when (DestinationRefusedException.In(ex) is { } refused)
        {
            throw new GatewayApiException($"{gateway} was not contacted: {refused.Message}");
        }
        catch (HttpRequestException ex)
        {
            throw new GatewayApiException($"{gateway} is unreachable at {uri.GetLeftPart(UriPartial.Authority)}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GatewayApiException($"{gateway} did not answer in time.");
        }
    }

    /// <summary>The answer, or the exception that says what the gateway refused and why.</summary>
    public static ApiAnswer Require(ApiAnswer answer, string gateway, string what)
    {
        if (answer.Ok)
        {
            return answer;
        }
        var reason = Text(answer.Body, "message") ?? Text(answer.Body, "error") ?? "no reason given";
        var hint = answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? " Check the credentials." : "";
        throw new GatewayApiException($"{gateway} refused to {what}: {(int)answer.Status} {Shorten(reason)}.{hint}", answer.Status);
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string? Text(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static DateTimeOffset? Time(JsonElement parent, string name) =>
        Text(parent, name) is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var value) && value.Year > 1 ? value.ToUniversalTime() : null;

    /// <summary>The <c>data</c> member textbee and httpSMS wrap their answers in.</summary>
    public static JsonElement Data(ApiAnswer answer) =>
        answer.Body.ValueKind == JsonValueKind.Object && answer.Body.TryGetProperty("data", out var data) ? data : default;

    public static IEnumerable<JsonElement> Items(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    public static AuthenticationHeaderValue Basic(GatewayOptions settings) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{settings.Username}:{settings.Password}")));

    /// <summary><paramref name="root"/>'s path followed by <paramref name="path"/>, query and credentials dropped.</summary>
    public static Uri Combine(string root, string path)
    {
        var builder = new UriBuilder(new Uri(root.Trim(), UriKind.Absolute)) { Query = "", Fragment = "", UserName = "", Password = "" };
        var q = path.IndexOf('?');
        builder.Path = builder.Path.TrimEnd('/') + "/" + (q >= 0 ? path[..q] : path).TrimStart('/');
        builder.Query = q >= 0 ? path[(q + 1)..] : "";
        return builder.Uri;
    }

    private static JsonElement Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string Shorten(string text)
    {
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= 200 ? text : text[..200] + "…";
    }
}
