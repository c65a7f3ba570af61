using System.Text.Json;
using SmsPortal.Endpoints;
using SmsPortal.Outbound;

namespace SmsPortal.GatewayConnect.Management;

/// <summary>
/// textbee's API (<c>{root}/api/v1</c>, <c>x-api-key</c>): <c>GET /gateway/devices</c>, and webhook subscriptions
/// <c>GET/POST /webhooks</c>, <c>PATCH /webhooks/{id}</c> with <c>{deliveryUrl, signingSecret, events}</c>. Answers
/// are wrapped in <c>{data: …}</c>. textbee keeps the signing secret on the subscription, so connecting and rotating
/// both set it through the API; it refuses secrets under 20 characters and private or loopback delivery URLs.
/// </summary>
internal sealed class TextbeeManagement(ConnectHttp http) : IGatewayManagement
{
    public const string Name = "textbee";
    private static readonly string[] Events = ["MESSAGE_RECEIVED", "MESSAGE_SENT", "MESSAGE_DELIVERED", "MESSAGE_FAILED"];

    public GatewayType Type => GatewayType.Textbee;

    public EndpointFormat Format => EndpointFormat.Textbee;

    public async Task<IReadOnlyList<RemoteDevice>> DevicesAsync(GatewayOptions settings, CancellationToken cancellationToken)
    {
        var answer = ConnectHttp.Require(await CallAsync(settings, HttpMethod.Get, "gateway/devices", null, cancellationToken), Name, "list the phones");
        return ConnectHttp.Items(ConnectHttp.Data(answer))
            .Select(d => new RemoteDevice(ConnectHttp.Text(d, "_id") ?? "", DeviceName(d), ConnectHttp.Time(d, "lastHeartbeat"), null))
            .Where(d => d.Id.Length > 0)
            .ToList();
    }

    public async Task<RemoteSetup> RegisterAsync(
        GatewayOptions settings, string hookUrl, string secret, IReadOnlyList<RemoteDevice> devices, CancellationToken cancellationToken)
    {
        var id = await UpsertAsync(settings, hookUrl, secret, cancellationToken);
        return new RemoteSetup([id], true, []);
    }

    public async Task<bool> SetSigningKeyAsync(GatewayOptions settings, string hookUrl, string secret, CancellationToken cancellationToken)
    {
        await UpsertAsync(settings, hookUrl, secret, cancellationToken);
        return true;
    }

    /// <summary>Our subscription (found by its delivery URL) updated in place, or a new one.</summary>
    private async Task<string> UpsertAsync(GatewayOptions settings, string hookUrl, string secret, CancellationToken cancellationToken)
    {
        var list = ConnectHttp.Require(await CallAsync(settings, HttpMethod.Get, "webhooks", null, cancellationToken), Name, "list the webhooks");
        var existing = ConnectHttp.Items(ConnectHttp.Data(list)).FirstOrDefault(w => ConnectHttp.Text(w, "deliveryUrl") == hookUrl);
        var body = new { name = "SmsPortal", deliveryUrl = hookUrl, signingSecret = secret, events = Events, isActive = true };
        var answer = existing.ValueKind == JsonValueKind.Object && ConnectHttp.Text(existing, "_id") is { } id
            ? await CallAsync(settings, HttpMethod.Patch, $"webhooks/{Uri.EscapeDataString(id)}", body, cancellationToken)
            : await CallAsync(settings, HttpMethod.Post, "webhooks", new { body.name, body.deliveryUrl, body.signingSecret, body.events }, cancellationToken);
        ConnectHttp.Require(answer, Name, "save the webhook subscription");
        return ConnectHttp.Text(ConnectHttp.Data(answer), "_id") ?? "";
    }

    private static string DeviceName(JsonElement device) =>
        ConnectHttp.Text(device, "name") is { Length: > 0 } name ? name
            : string.Join(' ', new[] { ConnectHttp.Text(device, "brand"), ConnectHttp.Text(device, "model") }.Where(p => !string.IsNullOrEmpty(p)));

    private Task<ApiAnswer> CallAsync(GatewayOptions settings, HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        http.SendAsync(method, ConnectHttp.Combine(settings.EffectiveBaseUrl!, "api/v1/" + path),
            h => h.TryAddWithoutValidation("x-api-key", settings.ApiKey), body, Name, cancellationToken);
}
