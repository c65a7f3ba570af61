using System.Text.Json;
using SmsPortal.Endpoints;
using SmsPortal.Outbound;

namespace SmsPortal.GatewayConnect.Management;

/// <summary>
/// httpSMS's API (<c>{root}/v1</c>, <c>x-api-key</c>): <c>GET /phones</c>, <c>GET /heartbeats?owner=…&amp;limit=1</c>,
/// and webhooks <c>GET/POST /webhooks</c>, <c>PUT /webhooks/{id}</c> with <c>{url, signing_key, phone_numbers, events}</c>
/// (PUT replaces the whole webhook, so every field is sent again). Answers are <c>{status, message, data}</c>.
/// </summary>
internal sealed class HttpSmsManagement(ConnectHttp http) : IGatewayManagement
{
    public const string Name = "httpSMS";
    private static readonly string[] Events =
        ["message.phone.received", "message.phone.sent", "message.phone.delivered", "message.send.failed", "message.send.expired"];

    public GatewayType Type => GatewayType.HttpSms;

    public EndpointFormat Format => EndpointFormat.HttpSms;

    public async Task<IReadOnlyList<RemoteDevice>> DevicesAsync(GatewayOptions settings, CancellationToken cancellationToken)
    {
        var answer = ConnectHttp.Require(await CallAsync(settings, HttpMethod.Get, "phones?limit=20", null, cancellationToken), Name, "list the phones");
        var devices = new List<RemoteDevice>();
        foreach (var phone in ConnectHttp.Items(ConnectHttp.Data(answer)))
        {
            var number = ConnectHttp.Text(phone, "phone_number") ?? "";
            var beats = await CallAsync(settings, HttpMethod.Get, $"heartbeats?owner={Uri.EscapeDataString(number)}&limit=1", null, cancellationToken);
            var last = ConnectHttp.Items(ConnectHttp.Data(beats)).Select(b => ConnectHttp.Time(b, "timestamp")).FirstOrDefault();
            devices.Add(new RemoteDevice(ConnectHttp.Text(phone, "id") ?? number, number, last, number));
        }
        return devices;
    }

    public async Task<RemoteSetup> RegisterAsync(
        GatewayOptions settings, string hookUrl, string secret, IReadOnlyList<RemoteDevice> devices, CancellationToken cancellationToken)
    {
        var numbers = settings.From is { Length: > 0 } from ? [from] : devices.Select(d => d.PhoneNumber!).Where(n => n.Length > 0).ToArray();
        var id = await UpsertAsync(settings, hookUrl, secret, numbers, cancellationToken);
        return new RemoteSetup([id], true, []);
    }

    public async Task<bool> SetSigningKeyAsync(GatewayOptions settings, string hookUrl, string secret, CancellationToken cancellationToken)
    {
        var numbers = settings.From is { Length: > 0 } from ? [from] : (await DevicesAsync(settings, cancellationToken)).Select(d => d.PhoneNumber!).ToArray();
        await UpsertAsync(settings, hookUrl, secret, numbers, cancellationToken);
        return true;
    }

    private async Task<string> UpsertAsync(GatewayOptions settings, string hookUrl, string secret, string[] numbers, CancellationToken cancellationToken)
    {
        var list = ConnectHttp.Require(await CallAsync(settings, HttpMethod.Get, "webhooks?limit=20", null, cancellationToken), Name, "list the webhooks");
        var existing = ConnectHttp.Items(ConnectHttp.Data(list)).FirstOrDefault(w => ConnectHttp.Text(w, "url") == hookUrl);
        var body = new { signing_key = secret, url = hookUrl, phone_numbers = numbers, events = Events };
        var answer = existing.ValueKind == JsonValueKind.Object && ConnectHttp.Text(existing, "id") is { } id
            ? await CallAsync(settings, HttpMethod.Put, $"webhooks/{Uri.EscapeDataString(id)}", body, cancellationToken)
            : await CallAsync(settings, HttpMethod.Post, "webhooks", body, cancellationToken);
        ConnectHttp.Require(answer, Name, "save the webhook");
        return ConnectHttp.Text(ConnectHttp.Data(answer), "id") ?? "";
    }

    private Task<ApiAnswer> CallAsync(GatewayOptions settings, HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        http.SendAsync(method, ConnectHttp.Combine(settings.EffectiveBaseUrl!, "v1/" + path),
            h => h.TryAddWithoutValidation("x-api-key", settings.ApiKey), body, Name, cancellationToken);
}
