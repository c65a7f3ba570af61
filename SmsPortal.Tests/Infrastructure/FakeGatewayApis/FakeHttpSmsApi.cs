using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SmsPortal.Tests.Webhooks.Formats;

namespace SmsPortal.Tests.Infrastructure.FakeGatewayApis;

/// <summary>
/// httpSMS's API (<c>/v1</c>, <c>x-api-key</c>), as read from its server: <c>GET /phones</c>, <c>GET /heartbeats</c>,
/// webhooks <c>GET/POST /webhooks</c> and <c>PUT /webhooks/{id}</c> with <c>{url, signing_key, phone_numbers, events}</c>;
/// answers are <c>{status, message, data}</c>, validation errors <c>422</c> with per-field messages. Events are CloudEvents
/// posted with <c>Authorization: Bearer</c> an HS256 JWT signed with the webhook's signing key.
/// </summary>
public sealed class FakeHttpSmsApi : FakeApiServer
{
    private static readonly string[] KnownEvents =
        ["message.phone.received", "message.phone.sent", "message.phone.delivered", "message.send.failed", "message.send.expired", "message.call.missed", "phone.heartbeat.offline", "phone.heartbeat.online"];
    private readonly ConcurrentDictionary<string, Webhook> _webhooks = new();
    private int _tokens;

    public string ApiKey { get; init; } = "hs-api-key-0123456789";

    public string PhoneNumber { get; init; } = "+18005550199";

    public IReadOnlyDictionary<string, Webhook> Webhooks => _webhooks;

    public static async Task<FakeHttpSmsApi> StartAsync()
    {
        var fake = new FakeHttpSmsApi();
        await fake.ListenAsync();
        return fake;
    }

    public async Task ReceiveAsync(string contact, string text, DateTimeOffset receivedAt)
    {
        foreach (var hook in _webhooks.Values.Where(w => w.Events.Contains("message.phone.received") && w.PhoneNumbers.Contains(PhoneNumber)))
        {
            var body = HttpSmsToken.Event("message.phone.received", new
            {
                message_id = Guid.NewGuid().ToString(), user_id = "WB7DRDWrJZRGbYrv2CKGkqbzvqdC", owner = PhoneNumber, contact,
                timestamp = receivedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture), content = text, sim = "SIM1",
            });
            // httpSMS issues a token per request; distinct issue times keep each one distinct.
            var token = HttpSmsToken.Create(hook.SigningKey, DateTimeOffset.UtcNow.AddSeconds(-Interlocked.Increment(ref _tokens)), audience: hook.Url);
            await PostSignedAsync(hook.Url, body, ("Authorization", "Bearer " + token), ("X-Event-Type", "message.phone.received"));
        }
    }

    protected override (int Status, object? Body) Handle(RecordedRequest request, string path, IQueryCollection query)
    {
        if (request.Headers.GetValueOrDefault("x-api-key") != ApiKey)
        {
            return (401, new { status = "error", message = "You are not authorized to carry out this request.", data = "Make sure your API key is set in the [X-API-Key] header in the request" });
        }
        var json = Json(request);
        if (request.Method == "PUT" && path.StartsWith("/v1/webhooks/", StringComparison.Ordinal))
        {
            var id = path["/v1/webhooks/".Length..];
            return !_webhooks.ContainsKey(id) ? (404, new { status = "error", message = $"cannot find webhook with ID [{id}]" }) : Store(id, json, 200, "webhook updated successfully");
        }
        return (request.Method, path) switch
        {
            ("GET", "/v1/phones") => (200, Ok("fetched 1 phone", new[] { new { id = "32343a19-da5e-4b1b-a767-3298a73703cb", phone_number = PhoneNumber, sim = "SIM1" } })),
            ("GET", "/v1/heartbeats") => (200, Ok("fetched 1 heartbeat", new[] { new { id = Guid.NewGuid(), owner = query["owner"].ToString(), version = "344c10f", charging = true, timestamp = "2026-12-01T09:45:00.000000Z" } })),
            ("GET", "/v1/webhooks") => (200, Ok($"fetched {_webhooks.Count} webhooks", _webhooks.Select(w => w.Value.Json(w.Key)).ToList())),
            ("POST", "/v1/webhooks") => Store(Guid.NewGuid().ToString(), json, 201, "webhook created successfully"),
            _ => (404, new { status = "error", message = $"Cannot {request.Method} {path}" }),
        };
    }

    private (int, object?) Store(string id, JsonElement? json, int status, string message)
    {
        var hook = new Webhook(Text(json, "url") ?? "", Text(json, "signing_key") ?? "", Strings(json, "phone_numbers"), Strings(json, "events"));
        var errors = new Dictionary<string, string[]>();
        if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out _))
        {
            errors["url"] = ["The url field format is invalid"];
        }
        if (hook.Events.Count == 0 || !hook.Events.All(KnownEvents.Contains))
        {
            errors["events"] = ["The events field must contain valid webhook events"];
        }
        if (hook.PhoneNumbers.Any(n => n != PhoneNumber) || hook.PhoneNumbers.Count == 0)
        {
            errors["from"] = [$"The phone number [{string.Join(",", hook.PhoneNumbers)}] is not available in your account. Install the android app on your phone to store a webhook with this phone number"];
        }
        if (errors.Count > 0)
        {
            return (422, new { status = "error", message = "validation errors while storing webhook", data = errors });
        }
        _webhooks[id] = hook;
        return (status, Ok(message, hook.Json(id)));
    }

    private static object Ok(string message, object data) => new { status = "success", message, data };

    public sealed record Webhook(string Url, string SigningKey, List<string> PhoneNumbers, List<string> Events)
    {
        public object Json(string id) => new { id, user_id = "WB7DRDWrJZRGbYrv2CKGkqbzvqdC", url = Url, signing_key = SigningKey, phone_numbers = PhoneNumbers, events = Events };
    }
}
