using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SmsPortal.Tests.Infrastructure.FakeGatewayApis;

/// <summary>
/// SMSGate's cloud 3rd-party API (<c>/3rdparty/v1</c>, Basic auth) and the phones behind it, as read from SMSGate's
/// server and Go client: <c>GET /devices</c>, <c>POST/GET /webhooks</c> (a known id is replaced; the cloud takes https
/// URLs only), <c>PATCH /settings</c> (the cloud refuses <c>webhooks.signing_key</c> with 400; a private server keeps it),
/// <c>GET /health</c>, <c>POST /inbox/refresh</c> and the older <c>POST /messages/inbox/export</c> (202, then the phone
/// posts its received messages of the window again). Webhooks are signed as the app signs them: hex HMAC-SHA256 over
/// the body followed by the <c>X-Timestamp</c> text.
/// </summary>
public sealed class FakeSmsGateApi : FakeApiServer
{
    private static readonly string[] KnownEvents = ["sms:received", "sms:data-received", "sms:sent", "sms:delivered", "sms:failed", "system:ping", "mms:received"];
    private readonly ConcurrentDictionary<string, (string Url, string Event)> _webhooks = new();
    private readonly ConcurrentQueue<InboxSms> _inbox = new();
    private int _events;

    public string Username { get; init; } = "SMSUSER";
    public string Password { get; init; } = "sms-password-1";

    /// <summary>True: the public cloud (signing key refused through the API). False: a private server that keeps it.</summary>
    public bool CloudServer { get; init; } = true;

    /// <summary>The cloud only registers https webhook URLs; tests with SmsPortal on plain http loopback turn this off.</summary>
    public bool RequireHttps { get; init; } = true;

    public List<(string Id, string Name)> Devices { get; } = [("PyDmBQZZXYmyxMwED8Fzy", "Pixel 7"), ("K9xQmWwa2Ezs1Ytv3C8Dd", "Galaxy A14")];

    /// <summary>The key the phones sign with: set through <c>PATCH /settings</c>, or pasted into the app by the user.</summary>
    public string? SigningKey { get; set; }

    public bool Healthy { get; set; } = true;

    /// <summary>The first phone's SIM number, as the server reports it in <c>simCards</c>.</summary>
    public string OwnNumber { get; } = "+15550100100";

    /// <summary>A server from before <c>/inbox/refresh</c>: only the export route re-sends.</summary>
    public bool RefreshRouteMissing { get; set; }

    public IReadOnlyDictionary<string, (string Url, string Event)> Webhooks => _webhooks;

    /// <summary>The re-send windows asked for, per device, in order.</summary>
    public ConcurrentQueue<(string? DeviceId, DateTimeOffset Since, DateTimeOffset Until, string Route)> ResendRequests { get; } = new();

    public static async Task<FakeSmsGateApi> StartAsync(bool cloudServer = true, bool requireHttps = true)
    {
        var fake = new FakeSmsGateApi { CloudServer = cloudServer, RequireHttps = requireHttps };
        await fake.ListenAsync();
        return fake;
    }

    /// <summary>A phone receives an SMS: it is kept in the phone's inbox and, unless the phone is offline, posted.</summary>
    public async Task ReceiveAsync(string deviceId, string messageId, string sender, string text, DateTimeOffset receivedAt, bool online = true)
    {
        var sms = new InboxSms(deviceId, messageId, sender, text, receivedAt);
        _inbox.Enqueue(sms);
        if (online)
        {
            await PostReceivedAsync(sms);
        }
    }

    private async Task PostReceivedAsync(InboxSms sms)
    {
        var eventId = "ev" + Interlocked.Increment(ref _events).ToString("D6", CultureInfo.InvariantCulture);
        foreach (var (id, hook) in _webhooks.Where(w => w.Value.Event == "sms:received"))
        {
            var body = JsonSerializer.Serialize(new
            {
                deviceId = sms.DeviceId,
                @event = "sms:received",
                id = eventId,
                payload = new
                {
                    messageId = sms.MessageId, message = sms.Text, phoneNumber = sms.Sender, sender = sms.Sender, simNumber = 1,
                    receivedAt = sms.ReceivedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                },
                webhookId = id,
            });
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(SigningKey ?? ""));
            hmac.AppendData(Encoding.UTF8.GetBytes(body));
            hmac.AppendData(Encoding.UTF8.GetBytes(timestamp));
            await PostSignedAsync(hook.Url, body, ("X-Signature", Convert.ToHexStringLower(hmac.GetHashAndReset())), ("X-Timestamp", timestamp));
        }
    }

    protected override (int Status, object? Body) Handle(RecordedRequest request, string path, IQueryCollection query)
    {
        if (path == "/3rdparty/v1/health")
        {
            return (Healthy ? 200 : 503, new { status = Healthy ? "pass" : "fail", version = "1.40.0", releaseId = 1, checks = new { } });
        }
        if (request.Headers.GetValueOrDefault("Authorization") != "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")))
        {
            return (401, new { message = "Unauthorized" });
        }
        var json = Json(request);
        return (request.Method, path) switch
        {
            ("GET", "/3rdparty/v1/devices") => (200, Devices.Select(d => new
            {
                id = d.Id, name = d.Name, createdAt = "2026-10-01T08:00:00Z", updatedAt = "2026-11-30T08:00:00Z", lastSeen = "2026-12-01T09:00:00Z",
                simCards = d.Id == Devices[0].Id ? new object[] { new { slotIndex = 0, simNumber = 1, phoneNumber = OwnNumber, carrierName = "Carrier" } } : null,
            }).ToList()),
            ("POST", "/3rdparty/v1/webhooks") => RegisterWebhook(json),
            ("GET", "/3rdparty/v1/webhooks") => (200, _webhooks.Select(w => new { id = w.Key, url = w.Value.Url, @event = w.Value.Event, deviceId = (string?)null }).ToList()),
            ("PATCH", "/3rdparty/v1/settings") => PatchSettings(json),
            ("POST", "/3rdparty/v1/inbox/refresh") when !RefreshRouteMissing => Resend(json, "inbox/refresh"),
            ("POST", "/3rdparty/v1/messages/inbox/export") => Resend(json, "messages/inbox/export"),
            _ => (404, new { message = "Cannot " + request.Method + " " + path }),
        };
    }

    private (int, object?) RegisterWebhook(JsonElement? json)
    {
        var (id, url, ev) = (Text(json, "id") ?? Guid.NewGuid().ToString(), Text(json, "url") ?? "", Text(json, "event") ?? "");
        if (!KnownEvents.Contains(ev))
        {
            return (400, new { message = "failed to validate: validation failed: invalid event type" });
        }
        if (RequireHttps && !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || id.Length > 36)
        {
            return (400, new { message = "failed to validate: validation failed: url must start with https://" });
        }
        _webhooks[id] = (url, ev);
        return (201, new { id, url, @event = ev, deviceId = (string?)null });
    }

    private (int, object?) PatchSettings(JsonElement? json)
    {
        var key = json is { } j && j.TryGetProperty("webhooks", out var hooks) ? Text(hooks, "signing_key") : null;
        if (key is not null && CloudServer)
        {
            return (400, new { message = "Invalid settings format: failed to validate: Key: 'DeviceSettings.Webhooks.SigningKey' Error:Field validation for 'SigningKey' failed on the 'isdefault' tag" });
        }
        SigningKey = key ?? SigningKey;
        return (200, new { webhooks = new { internet_required = true, retry_count = 15 } });
    }

    private (int, object?) Resend(JsonElement? json, string route)
    {
        if (!DateTimeOffset.TryParse(Text(json, "since"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var since)
            || !DateTimeOffset.TryParse(Text(json, "until"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var until) || since > until)
        {
            return (400, new { message = "failed to validate: Key: 'InboxRefreshRequest.Since' Error:Field validation for 'Since' failed on the 'required' tag" });
        }
        var deviceId = Text(json, "deviceId");
        ResendRequests.Enqueue((deviceId, since, until, route));
        var window = _inbox.Where(m => (deviceId is null || m.DeviceId == deviceId) && m.ReceivedAt >= since && m.ReceivedAt <= until).ToList();
        _ = Task.Run(async () =>
        {
            foreach (var sms in window)
            {
                await PostReceivedAsync(sms);
            }
        });
        return (202, null);
    }

    private sealed record InboxSms(string DeviceId, string MessageId, string Sender, string Text, DateTimeOffset ReceivedAt);
}
