using System.Net;
using SmsPortal.Endpoints;
using SmsPortal.Outbound;

namespace SmsPortal.GatewayConnect.Management;

/// <summary>
/// SMSGate's 3rd-party API (<c>{root}/3rdparty/v1</c>, Basic auth): <c>GET /devices</c>, <c>POST /webhooks</c>
/// <c>{id, url, event}</c> (a known id is replaced, so connecting twice changes nothing), <c>PATCH /settings</c>
/// <c>{webhooks: {signing_key}}</c>, <c>GET /health</c> and the re-send of received messages (<c>POST /inbox/refresh</c>,
/// or the older <c>POST /messages/inbox/export</c>).
/// </summary>
/// <remarks>
/// SMSGate's public cloud refuses a signing key through the API ("must not be used with Cloud Server": 400), and only
/// takes https webhook URLs; a private server takes both. So the key is tried through the API and, when refused, the
/// page says where in the app to paste it.
/// </remarks>
internal sealed class SmsGateManagement(ConnectHttp http) : IGatewayManagement
{
    public const string Name = "SMSGate";
    private static readonly (string Event, string Suffix)[] Events =
        [("sms:received", "rcv"), ("sms:sent", "snt"), ("sms:delivered", "dlv"), ("sms:failed", "fld")];

    public GatewayType Type => GatewayType.SmsGate;

    public EndpointFormat Format => EndpointFormat.SmsGate;

    public async Task<IReadOnlyList<RemoteDevice>> DevicesAsync(GatewayOptions settings, CancellationToken cancellationToken)
    {
        var answer = ConnectHttp.Require(await CallAsync(settings, HttpMethod.Get, "devices", null, cancellationToken), Name, "list the phones");
        return ConnectHttp.Items(answer.Body)
            .Where(d => ConnectHttp.Text(d, "deletedAt") is null)
            .Select(d => new RemoteDevice(ConnectHttp.Text(d, "id") ?? "", ConnectHttp.Text(d, "name") ?? "", ConnectHttp.Time(d, "lastSeen"), PhoneNumber(d)))
            .Where(d => d.Id.Length > 0)
            .ToList();
    }

    public async Task<RemoteSetup> RegisterAsync(
        GatewayOptions settings, string hookUrl, string secret, IReadOnlyList<RemoteDevice> devices, CancellationToken cancellationToken)
    {
        var endpointId = hookUrl.TrimEnd('/').Split('/')[^1];
        var ids = new List<string>();
        foreach (var (name, suffix) in Events)
        {
            var id = $"{endpointId}-{suffix}";
            ConnectHttp.Require(await CallAsync(settings, HttpMethod.Post, "webhooks", new { id, url = hookUrl, @event = name }, cancellationToken),
                Name, $"register the webhook for {name}");
            ids.Add(id);
        }
        var keySet = await SetSigningKeyAsync(settings, hookUrl, secret, cancellationToken);
        return new RemoteSetup(ids, keySet, keySet ? [] : [ManualKeyStep]);
    }

    public const string ManualKeyStep =
        "SMSGate's cloud does not take a signing key through its API: in the SMSGate app on the phone, open Settings → Webhooks → Signing Key and paste the endpoint's secret, whsec_ prefix included.";

    public async Task<bool> SetSigningKeyAsync(GatewayOptions settings, string hookUrl, string secret, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(settings, HttpMethod.Patch, "settings", new { webhooks = new { signing_key = secret } }, cancellationToken);
        if (answer.Status == HttpStatusCode.BadRequest)
        {
            return false;
        }
        ConnectHttp.Require(answer, Name, "set the webhook signing key");
        return true;
    }

    public async Task<string?> HealthAsync(GatewayOptions settings, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(settings, HttpMethod.Get, "health", null, cancellationToken);
        return ConnectHttp.Text(answer.Body, "status") ?? (answer.Ok ? "pass" : "fail");
    }

    /// <summary>
    /// Asks the phone to post its received messages of [since, until] again as <c>sms:received</c> webhooks. Servers
    /// older than <c>/inbox/refresh</c> answer it 404; they have the export route, which does the same.
    /// </summary>
    public async Task RequestResendAsync(GatewayOptions settings, string deviceId, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var window = new { deviceId, since = since.UtcDateTime, until = until.UtcDateTime };
        var answer = await CallAsync(settings, HttpMethod.Post, "inbox/refresh",
            new { window.deviceId, window.since, window.until, webhookDelivery = "Individual", triggerWebhooks = true }, cancellationToken);
        if (answer.Status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            answer = await CallAsync(settings, HttpMethod.Post, "messages/inbox/export", window, cancellationToken);
        }
        ConnectHttp.Require(answer, Name, "re-send the phone's received messages");
    }

    private Task<ApiAnswer> CallAsync(GatewayOptions settings, HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        http.SendAsync(method, ConnectHttp.Combine(ApiRoot(settings.EffectiveBaseUrl!), path), h => h.Authorization = ConnectHttp.Basic(settings), body, Name, cancellationToken);

    /// <summary>The server root or a URL already ending in <c>/3rdparty/v1</c>, as the send client accepts.</summary>
    private static string ApiRoot(string baseUrl)
    {
        var root = baseUrl.TrimEnd('/');
        return root.EndsWith("/3rdparty/v1", StringComparison.OrdinalIgnoreCase) ? root : root + "/3rdparty/v1";
    }

    private static string? PhoneNumber(System.Text.Json.JsonElement device) =>
        device.TryGetProperty("simCards", out var sims)
            ? ConnectHttp.Items(sims).Select(s => ConnectHttp.Text(s, "phoneNumber")).FirstOrDefault(n => !string.IsNullOrEmpty(n))
            : null;
}
