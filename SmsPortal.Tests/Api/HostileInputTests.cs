using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsPortal.ApiKeys;
using SmsPortal.Audit;
using SmsPortal.Endpoints;
using SmsPortal.Tests.Webhooks.Formats;
using SmsPortal.Webhooks.Formats;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Api;

/// <summary>
/// Every /api/v1 route, with an admin key, fed what a careless or hostile client sends: broken and mistyped JSON,
/// other content types, out-of-range paging, search syntax, odd ids and headers. None may answer 5xx, and every
/// refusal is problem JSON.
/// </summary>
public sealed class HostileInputTests
{
    private static readonly Dictionary<string, string?> Unlimited = new()
    {
        ["RateLimits:HookPerEndpointPerSecond"] = "1000000",
        ["RateLimits:HookPerAddressPerSecond"] = "1000000",
        ["RateLimits:SendsPerWorkspacePerMinute"] = "1000000",
        ["Api:RequestsPerKeyPerMinute"] = "1000000",
    };

    private static readonly string[] JsonBodies =
    [
        "", "null", "[]", "\"text\"", "123", "true", "{", "{\"to\":", "{}", "\uFEFF{}",
        "{\"to\":123,\"text\":[1],\"name\":{},\"number\":false,\"graceHours\":\"soon\",\"url\":7,\"events\":\"all\",\"message\":null,\"sender\":[]}",
        "{\"to\":\"\",\"text\":\"\",\"number\":\"\",\"name\":\"\",\"url\":\"\",\"events\":[],\"message\":\"\",\"sender\":\"\"}",
        "{\"to\":\"not a number\",\"text\":\"hi\",\"number\":\"++--\",\"url\":\"not a url\",\"events\":[\"no.such.event\"],\"message\":\"x\",\"sender\":\"abc\"}",
        "{\"to\":\"+1555\\u0000\",\"text\":\"\\ud800\",\"number\":\"\\udfff\",\"name\":\"\\u0000\",\"message\":\"\\ud83d\"}",
        "{\"name\":\"a\\u0000b\",\"tags\":[\"\\u0000\"],\"description\":\"\\u0000\",\"url\":\"https://example.test/\\u0000\",\"events\":[\"\\u0000\"]}",
        "{\"graceHours\":-1}", "{\"graceHours\":1e999}", "{\"graceHours\":99999999999999999999}", "{\"graceHours\":0.5}",
        "{\"url\":\"file:///etc/passwd\",\"events\":[\"message.received\"]}",
        "{\"url\":\"http://[::1\",\"events\":[\"message.received\"]}",
        "{\"to\":\"+15550001111\",\"text\":\"" + new string('x', 100_000) + "\"}",
        "{\"name\":\"" + new string('n', 100_000) + "\",\"number\":\"+1" + new string('5', 5_000) + "\"}",
        "{\"rules\":[{\"conditions\":[{\"type\":\"regex\",\"value\":\"(\"}]}]}",
        "{\"rules\":[{\"name\":null,\"conditions\":null,\"actions\":null}],\"version\":\"x\"}",
        "{\"rules\":{\"a\":1}}",
        "{\"to\":\"+15550001111\",\"text\":\"hi\",\"to\":\"+15550002222\"}",
        new string('[', 10_000) + new string(']', 10_000),
        "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 300)) + "1" + new string('}', 301),
    ];

    private static readonly (string ContentType, string Body)[] OtherContent =
    [
        ("text/plain", "{\"to\":\"+15550001111\",\"text\":\"hi\"}"),
        ("application/x-www-form-urlencoded", "to=%2B15550001111&text=hi"),
        ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"to\"\r\n\r\n+1555\r\n--x--"),
        ("application/json; charset=latin1", "{\"to\":\"+15550001111\",\"text\":\"h\u00e9\"}"),
        ("application/json", "\u00ff\u00fe{"),
    ];

    private static readonly string[] Queries =
    [
        "limit=-1", "limit=0", "limit=2147483648", "limit=abc", "limit=1&limit=2",
        "cursor=%00", "cursor=" + new string('z', 4_000), "cursor=bm90IGEgY3Vyc29y", "cursor=eyJ0IjoiIn0", "cursor=====",
        "contactId=not-a-guid", "contactId=00000000-0000-0000-0000-000000000000", "direction=both", "direction=",
        "search=%22", "search=*", "search=NEAR(", "search=a%20OR", "search=%27%3B--", "search=%25_%5C", "search=" + new string('q', 6_000),
        "search=-a", "search=%5E", "search=a:b", "search=%F0%9F%98%80", "search=%ED%A0%80", "search=%00", "direction=%00", "optedOut=maybe", "tag=%00",
    ];

    private static readonly string[] Ids =
    [
        // (A NUL in the path never reaches the app: Kestrel refuses the request line.)
        "%01", "..%2F..%2Fetc", "%27%20OR%201%3D1", new string('a', 5_000), "msg_", "ewh_%F0%9F%98%80", "-1", "00000000-0000-0000-0000-000000000000",
    ];

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task EveryRoute_HostileInput_IsRefusedAsProblemJson_NeverA500(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var errors = new ServerErrors();
        await using var app = new TestApp(settings: database.Settings(Unlimited), configureServices: s => s.AddSingleton<ILoggerProvider>(errors));
        var endpoint = await app.CreateEndpointAsync();
        await app.SendAsync(endpoint, "hostile-1", "hello");
        await app.WaitUntilProcessedAsync(endpoint, 1);
        Guid contactId;
        await using (var db = app.CreateDbContext())
        {
            contactId = db.InboundMessages.Single(m => m.WorkspaceId == endpoint.WorkspaceId).ContactId!.Value;
        }
        using var client = await app.ApiClientAsync(endpoint.WorkspaceId, ApiScopes.Admin);
        var wrong = new List<string>();

        foreach (var (method, pattern) in ApiScopeTests.ApiRoutes(app).Distinct())
        {
            var path = Fill(pattern, contactId.ToString(), endpoint.Id);
            if (method is "POST" or "PUT" or "PATCH")
            {
                foreach (var body in JsonBodies)
                {
                    await CheckAsync(client, wrong, errors, Request(method, path, "application/json", body));
                }
                foreach (var (contentType, body) in OtherContent)
                {
                    await CheckAsync(client, wrong, errors, Request(method, path, contentType, body));
                }
                await CheckAsync(client, wrong, errors, new HttpRequestMessage(new HttpMethod(method), path));
            }
            foreach (var query in Queries)
            {
                await CheckAsync(client, wrong, errors, Request(method, $"{path}?{query}", "application/json", "{}"));
            }
            if (pattern.Contains('{'))
            {
                foreach (var id in Ids)
                {
                    await CheckAsync(client, wrong, errors, Request(method, Fill(pattern, id, id), "application/json", "{}"));
                }
            }
        }

        foreach (var key in new[] { new string('k', 10_000), "\u007f\u0001", "", " " })
        {
            var send = Request("POST", "/api/v1/messages", "application/json", "{\"to\":\"+15550001111\",\"text\":\"hi\"}");
            send.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            await CheckAsync(client, wrong, errors, send);
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static readonly string[] NativeBodies =
    [
        "{\"id\":5,\"from\":[],\"text\":{},\"receivedAt\":\"yesterday\"}",
        "{\"id\":\"h-1\"}", "{\"id\":\"\",\"from\":\"\",\"text\":\"\",\"receivedAt\":\"\"}",
        "{\"id\":\"h-2\",\"from\":\"+15551234567\",\"text\":\"hi\",\"receivedAt\":\"99999-01-01T00:00:00Z\"}",
        "{\"id\":\"h-3\",\"from\":\"+15551234567\",\"text\":\"hi\",\"receivedAt\":\"0001-01-01T00:00:00-14:00\"}",
        "{\"id\":\"h-4\",\"from\":\"+15551234567\",\"text\":\"hi\",\"receivedAt\":1e308}",
        "{\"id\":\"" + new string('i', 10_000) + "\",\"from\":\"+15551234567\",\"text\":\"hi\",\"receivedAt\":\"2026-11-23T20:00:00Z\"}",
        "{\"id\":\"h-5\",\"from\":\"" + new string('5', 10_000) + "\",\"text\":\"hi\",\"receivedAt\":\"2026-11-23T20:00:00Z\"}",
        "{\"id\":\"h-6\",\"from\":\"\\u0000\",\"text\":\"\\ud800\",\"receivedAt\":\"2026-11-23T20:00:00Z\"}",
        "{\"id\":\"h-8\",\"from\":\"+15551234567\",\"text\":\"raw \u0000 NUL\",\"receivedAt\":\"2026-11-23T20:00:00Z\"}",
        "{\"id\":\"h-9\",\"from\":\"+15551234567\",\"text\":\"hi\",\"receivedAt\":\"2026-11-23T20:00:00Z\",\"deviceId\":\"\\u0000\",\"simSlot\":\"1\"}",
        "{\"id\":\"h-7\",\"from\":\"+15551234567\",\"text\":\"" + new string('t', 2_000_000) + "\",\"receivedAt\":\"2026-11-23T20:00:00Z\"}",
    ];

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Webhook_HostileInput_SignedOrNot_IsRefusedAsProblemJson_NeverA500(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var errors = new ServerErrors();
        await using var app = new TestApp(settings: database.Settings(Unlimited), configureServices: s => s.AddSingleton<ILoggerProvider>(errors));
        var endpoint = await app.CreateEndpointAsync();
        using var client = app.CreateClient();
        var wrong = new List<string>();

        foreach (var body in JsonBodies.Concat(NativeBodies))
        {
            var signed = Request("POST", endpoint.Path, "application/json", body);
            signed.Headers.TryAddWithoutValidation("X-Signature", Deliveries.Sign(body, endpoint.Secret));
            await CheckAsync(client, wrong, errors, signed);
        }
        foreach (var path in new[] { endpoint.Path, "/hooks/sms/%01", "/hooks/sms/" + new string('e', 5_000), "/hooks/sms/ep_missing" })
        {
            foreach (var body in JsonBodies.Take(12))
            {
                var request = Request("POST", path, "application/json", body);
                request.Headers.TryAddWithoutValidation("X-Signature", "%%%");
                request.Headers.TryAddWithoutValidation("webhook-timestamp", "not-a-time");
                request.Headers.TryAddWithoutValidation("webhook-signature", "v1,%%%");
                await CheckAsync(client, wrong, errors, request);
            }
            foreach (var (contentType, body) in OtherContent)
            {
                await CheckAsync(client, wrong, errors, Request("POST", path, contentType, body));
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>JSON values put in place of each field of a gateway's own body, one at a time (raw JSON tokens).</summary>
    private static readonly string[] HostileValues =
    [
        "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\"", "\" \"", "null", "0", "-1e308", "1.5", "[]", "{}", "true",
        "\"" + new string('x', 100_000) + "\"", "\"\\u202e\\ufeff\\u200b\"", "\"9999-99-99T99:99:99Z\"", "\"+\"",
    ];

    /// <summary>Every signing header of every format, each set to values no gateway sends.</summary>
    private static readonly (string Name, string Value)[] HostileHeaders =
    [
        .. from name in new[] { "X-Signature", "X-Timestamp", "webhook-id", "webhook-timestamp", "webhook-signature", "Authorization" }
           from value in new[]
           {
               "", " ", "-1", "0", "99999999999999999999", "1e5", "0x10", "1700000000.5", "sha256=", "sha256=zz", "v1,", "v1,====", "v1a,AAAA",
               string.Join(' ', Enumerable.Repeat("v1,AAAA", 2_000)), new string('a', 8_000), "Bearer", "Bearer a.b.c", "Bearer ..", "Bearer " + new string('.', 500),
           }
           select (name, value),
    ];

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Webhook_EveryGatewayFormat_EachFieldMadeHostileAndSigned_NeverA500(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var errors = new ServerErrors();
        await using var app = new TestApp(settings: database.Settings(Unlimited), configureServices: s => s.AddSingleton<ILoggerProvider>(errors));
        var owner = await app.CreateEndpointAsync();
        var service = app.Services.GetRequiredService<EndpointService>();
        using var client = app.CreateClient();
        var wrong = new List<string>();
        var sent = 0;

        foreach (var (format, body, secret, sign) in GatewayBodies())
        {
            var endpoint = await service.CreateAsync(owner.WorkspaceId, Actor.Cli(), format.ToString(), null, format, secret);
            var original = Request("POST", endpoint.Path, "application/json", body);
            sign(original, body, endpoint.Path, endpoint.Secret, $"wh_{++sent}");
            using (var accepted = await client.SendAsync(original))
            {
                Assert.True(accepted.IsSuccessStatusCode, $"{format}: the unchanged body answered {(int)accepted.StatusCode}, so the signing here is wrong");
            }
            foreach (var hostile in Mutations(body))
            {
                var request = Request("POST", endpoint.Path, "application/json", hostile);
                sign(request, hostile, endpoint.Path, endpoint.Secret, $"wh_{++sent}");
                await CheckAsync(client, wrong, errors, request, signed: true);
            }
            foreach (var (name, value) in HostileHeaders)
            {
                // Signed correctly, then one header overwritten: whatever it is, the answer is a 4xx.
                var request = Request("POST", endpoint.Path, "application/json", body);
                sign(request, body, endpoint.Path, endpoint.Secret, $"wh_{++sent}");
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
                await CheckAsync(client, wrong, errors, request);
            }
        }

        const string token = "twilio-auth-token-0123456789abcdef";
        var twilio = await service.CreateAsync(owner.WorkspaceId, Actor.Cli(), "Twilio", null, EndpointFormat.Twilio, token);
        var fields = new Dictionary<string, string> { ["MessageSid"] = "SM1", ["From"] = "+14155550100", ["To"] = "+14155550199", ["Body"] = "hi", ["MessageStatus"] = "received" };
        foreach (var name in fields.Keys)
        {
            foreach (var value in new[] { "\0", "a\0b", "", " ", new string('x', 100_000), "\uFFFD", "delivered", "failed", "%", "%ZZ" })
            {
                var form = new Dictionary<string, string>(fields) { [name] = value };
                var request = new HttpRequestMessage(HttpMethod.Post, twilio.Path) { Content = new FormUrlEncodedContent(form) };
                request.Headers.TryAddWithoutValidation("X-Twilio-Signature", TwilioFormat.Sign(new Uri(client.BaseAddress!, twilio.Path).ToString(), form, token));
                await CheckAsync(client, wrong, errors, request, signed: true);
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private delegate void Signer(HttpRequestMessage request, string body, string path, string secret, string id);

    /// <summary>Each JSON format's own received-SMS body, with the secret its endpoint gets and how its gateway signs.</summary>
    private static IEnumerable<(EndpointFormat Format, string Body, string? Secret, Signer Sign)> GatewayBodies()
    {
        var native = Vectors.Get("native")[0].GetProperty("body").GetString()!;
        yield return (EndpointFormat.Native, native, null,
            (request, body, _, secret, _) => request.Headers.TryAddWithoutValidation("X-Signature", Deliveries.Sign(body, secret)));
        yield return (EndpointFormat.StandardWebhooks, native, "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("hostile-standard-webhooks-key-01")),
            (request, body, _, secret, id) =>
            {
                var stamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
                request.Headers.TryAddWithoutValidation("webhook-id", id);
                request.Headers.TryAddWithoutValidation("webhook-timestamp", stamp);
                request.Headers.TryAddWithoutValidation("webhook-signature", StandardWebhooksFormat.Sign(id, stamp, Encoding.UTF8.GetBytes(body), secret));
            });
        yield return (EndpointFormat.SmsGate, Vectors.Get("smsgate")[0].GetProperty("body").GetString()!, null,
            (request, body, _, secret, _) =>
            {
                var stamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
                request.Headers.TryAddWithoutValidation("X-Timestamp", stamp);
                request.Headers.TryAddWithoutValidation("X-Signature", SmsGateFormat.Sign(Encoding.UTF8.GetBytes(body), stamp, Encoding.UTF8.GetBytes(secret)));
            });
        yield return (EndpointFormat.Textbee, Vectors.Get("textbee")[0].GetProperty("body").GetString()!, null,
            (request, body, _, secret, _) => request.Headers.TryAddWithoutValidation("X-Signature",
                Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)))));
        yield return (EndpointFormat.HttpSms, HttpSmsToken.Event("message.phone.received", new
            {
                message_id = "0f6d1a6e-5d0c-4a7e-9b8f-3c2e1d0a9b8c", user_id = "WB7DRDWrJZRGbYrv2CKGkqbzvqdC", owner = "+18005550199",
                contact = "+15551234567", timestamp = "2026-11-24T11:59:58.5+02:00", content = "price", sim = "SIM2",
            }), "whsec_hostile-httpsms-key-0123456789",
            (request, _, path, secret, id) =>
            {
                // A token is bound to the first body it comes with: each request gets its own (jti), as httpSMS's would.
                var now = DateTimeOffset.UtcNow;
                var claims = new
                {
                    aud = "https://sms.example.test" + path, exp = now.AddMinutes(10).ToUnixTimeSeconds(), iat = now.ToUnixTimeSeconds(),
                    iss = "api.httpsms.com", nbf = now.AddMinutes(-10).ToUnixTimeSeconds(), sub = "WB7DRDWrJZRGbYrv2CKGkqbzvqdC", jti = id,
                };
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + HttpSmsToken.Create(secret, now, claims: claims));
            });
    }

    /// <summary>The body with one field at a time replaced by each hostile value, or left out.</summary>
    private static IEnumerable<string> Mutations(string json)
    {
        const string Marker = "\"__hostile__\"";
        var paths = new List<string[]>();
        Collect(System.Text.Json.Nodes.JsonNode.Parse(json)!, [], paths);
        foreach (var path in paths)
        {
            var marked = Replace(json, path, System.Text.Json.Nodes.JsonValue.Create("__hostile__"));
            foreach (var value in HostileValues)
            {
                yield return marked.Replace(Marker, value);
            }
            yield return Replace(json, path, null, remove: true);
        }
    }

    private static void Collect(System.Text.Json.Nodes.JsonNode node, string[] path, List<string[]> paths)
    {
        if (node is System.Text.Json.Nodes.JsonObject obj)
        {
            foreach (var (name, child) in obj)
            {
                string[] at = [.. path, name];
                paths.Add(at);
                if (child is not null)
                {
                    Collect(child, at, paths);
                }
            }
        }
    }

    private static string Replace(string json, string[] path, System.Text.Json.Nodes.JsonNode? value, bool remove = false)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        var parent = path[..^1].Aggregate(root, (node, name) => node[name]!).AsObject();
        if (remove)
        {
            parent.Remove(path[^1]);
        }
        else
        {
            parent[path[^1]] = value;
        }
        return root.ToJsonString();
    }

    private static string Fill(string pattern, string guidId, string otherId) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, "\\{[a-z]+(:[a-z]+)?\\}", m => m.Groups[1].Value == ":guid" ? guidId : otherId);

    private static HttpRequestMessage Request(string method, string path, string contentType, string body)
    {
        // A body that starts with U+00FF stands for raw bytes that are not UTF-8.
        var content = new ByteArrayContent(body.StartsWith('\u00ff') ? Encoding.Latin1.GetBytes(body) : Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
    }

    /// <param name="signed">Correctly signed: refusing it as unauthenticated (401) is wrong too.</param>
    private static async Task CheckAsync(HttpClient client, List<string> wrong, ServerErrors errors, HttpRequestMessage request, bool signed = false)
    {
        var label = $"{request.Method} {Shorten(request.RequestUri!.OriginalString)} [{request.Content?.Headers.ContentType}] {Shorten(request.Content is null ? "(no body)" : await request.Content.ReadAsStringAsync())}";
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var type = response.Content.Headers.ContentType?.MediaType;
        if (status is >= 500 or 429 || (signed && status == 401))
        {
            wrong.Add($"{label}: {status} {Shorten(await response.Content.ReadAsStringAsync())} ({errors.Last()})");
        }
        else if (status >= 400 && status != 404 && status != 405 && type != "application/problem+json")
        {
            wrong.Add($"{label}: {status} as {type ?? "no content"}");
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
