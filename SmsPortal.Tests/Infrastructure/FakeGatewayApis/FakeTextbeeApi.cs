using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SmsPortal.Tests.Infrastructure.FakeGatewayApis;

/// <summary>
/// textbee's API (<c>/api/v1</c>, <c>x-api-key</c>), as read from its server: <c>GET /gateway/devices</c>, webhook
/// subscriptions <c>GET/POST /webhooks</c> and <c>PATCH /webhooks/{id}</c>, answers wrapped in <c>{data}</c>, NestJS
/// errors <c>{message, statusCode}</c>. It refuses signing secrets under 20 characters, unknown events and (the hosted
/// service) private or loopback delivery URLs. Notifications are signed with hex HMAC-SHA256 over the body.
/// </summary>
public sealed class FakeTextbeeApi : FakeApiServer
{
    private static readonly string[] KnownEvents = ["MESSAGE_RECEIVED", "MESSAGE_SENT", "MESSAGE_DELIVERED", "MESSAGE_FAILED", "UNKNOWN_STATE", "SMS_STATUS_UPDATED"];
    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new();
    private int _ids;

    public string ApiKey { get; init; } = "tb-api-key-0123456789";

    /// <summary>The hosted service refuses loopback delivery URLs; tests with SmsPortal on loopback turn this off.</summary>
    public bool RefusePrivateUrls { get; init; } = true;

    public List<string> DeviceIds { get; } = ["66f1c0ffee0123456789abcd"];

    public IReadOnlyDictionary<string, Subscription> Subscriptions => _subscriptions;

    public static async Task<FakeTextbeeApi> StartAsync(bool refusePrivateUrls = true)
    {
        var fake = new FakeTextbeeApi { RefusePrivateUrls = refusePrivateUrls };
        await fake.ListenAsync();
        return fake;
    }

    /// <summary>
    /// The phone receives one SMS; <paramref name="notifications"/> &gt; 1 plays textbee #159: the same SMS reported
    /// again with a new <c>smsId</c> and <c>idempotencyKey</c>.
    /// </summary>
    public async Task ReceiveAsync(string sender, string text, DateTimeOffset receivedAt, int notifications = 1)
    {
        for (var i = 0; i < notifications; i++)
        {
            var smsId = NextId();
            foreach (var (id, subscription) in _subscriptions.Where(s => s.Value.Active && s.Value.Events.Contains("MESSAGE_RECEIVED")))
            {
                var body = JsonSerializer.Serialize(new
                {
                    smsId, sender, message = text,
                    receivedAt = receivedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    deviceId = DeviceIds[0], webhookSubscriptionId = id, webhookEvent = "MESSAGE_RECEIVED", idempotencyKey = Guid.NewGuid().ToString(),
                });
                var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(subscription.SigningSecret), Encoding.UTF8.GetBytes(body)));
                await PostSignedAsync(subscription.DeliveryUrl, body, ("X-Signature", signature));
            }
        }
    }

    protected override (int Status, object? Body) Handle(RecordedRequest request, string path, IQueryCollection query)
    {
        if (request.Headers.GetValueOrDefault("x-api-key") != ApiKey)
        {
            return (401, new { message = "Unauthorized", statusCode = 401 });
        }
        var json = Json(request);
        if (request.Method == "PATCH" && path.StartsWith("/api/v1/webhooks/", StringComparison.Ordinal))
        {
            return Update(path["/api/v1/webhooks/".Length..], json);
        }
        return (request.Method, path) switch
        {
            ("GET", "/api/v1/gateway/devices") => (200, new
            {
                data = DeviceIds.Select(id => new { _id = id, enabled = true, brand = "Google", model = "Pixel 7", receiveSMSEnabled = true, lastHeartbeat = "2026-12-01T09:30:00.000Z" }).ToList(),
            }),
            ("GET", "/api/v1/webhooks") => (200, new { data = _subscriptions.Select(s => s.Value.Json(s.Key)).ToList() }),
            ("POST", "/api/v1/webhooks") => Create(json),
            _ => (404, new { message = $"Cannot {request.Method} {path}", error = "Not Found", statusCode = 404 }),
        };
    }

    private (int, object?) Create(JsonElement? json)
    {
        var subscription = new Subscription(Text(json, "deliveryUrl") ?? "", Text(json, "signingSecret") ?? "", Strings(json, "events"), true);
        if (Problem(subscription) is { } problem)
        {
            return (400, new { message = problem, statusCode = 400 });
        }
        var id = NextId();
        _subscriptions[id] = subscription;
        return (201, new { data = subscription.Json(id) });
    }

    private (int, object?) Update(string id, JsonElement? json)
    {
        if (!_subscriptions.TryGetValue(id, out var current))
        {
            return (404, new { message = "Subscription not found", statusCode = 404 });
        }
        var updated = new Subscription(Text(json, "deliveryUrl") ?? current.DeliveryUrl, Text(json, "signingSecret") ?? current.SigningSecret,
            Strings(json, "events") is { Count: > 0 } events ? events : current.Events, true);
        if (Problem(updated) is { } problem)
        {
            return (400, new { message = problem, statusCode = 400 });
        }
        _subscriptions[id] = updated;
        return (200, new { data = updated.Json(id) });
    }

    private string? Problem(Subscription s) =>
        !Uri.TryCreate(s.DeliveryUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") ? "Invalid delivery URL"
        : RefusePrivateUrls && url.IsLoopback ? "Delivery URL host is not allowed"
        : s.SigningSecret.Length < 20 ? "Invalid signing secret"
        : s.Events.Count == 0 ? "Choose atleast one event to receive"
        : !s.Events.All(KnownEvents.Contains) ? "Invalid event type"
        : null;

    private string NextId() => "6750" + Interlocked.Increment(ref _ids).ToString("D20", CultureInfo.InvariantCulture);

    public sealed record Subscription(string DeliveryUrl, string SigningSecret, List<string> Events, bool Active)
    {
        public object Json(string id) => new { _id = id, name = "SmsPortal", isActive = Active, events = Events, deliveryUrl = DeliveryUrl, signingSecret = SigningSecret };
    }
}
