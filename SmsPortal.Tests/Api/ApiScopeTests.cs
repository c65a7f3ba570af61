using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.ApiKeys;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Api;

/// <summary>Every /api/v1 route tried with a key of every single scope: only its own scope (or admin) gets past authorization.</summary>
public sealed class ApiScopeTests(TestApp app) : IClassFixture<TestApp>
{
    private sealed record Route(string Method, string Pattern, string Scope, Func<Ids, HttpRequestMessage> Request);

    private sealed record Ids(Guid ContactId, string MessageId, string EndpointId, string RulesJson);

    private static readonly Route[] Routes =
    [
        new("POST", "/api/v1/messages", ApiScopes.MessagesSend, _ => Json(HttpMethod.Post, "/api/v1/messages", new { to = "+15550001111", text = "scope test" })),
        new("GET", "/api/v1/messages", ApiScopes.MessagesRead, _ => new(HttpMethod.Get, "/api/v1/messages")),
        new("GET", "/api/v1/messages/{id}", ApiScopes.MessagesRead, ids => new(HttpMethod.Get, $"/api/v1/messages/{ids.MessageId}")),
        new("GET", "/api/v1/conversations", ApiScopes.MessagesRead, _ => new(HttpMethod.Get, "/api/v1/conversations")),
        new("GET", "/api/v1/conversations/{id:guid}", ApiScopes.MessagesRead, ids => new(HttpMethod.Get, $"/api/v1/conversations/{ids.ContactId}")),
        new("POST", "/api/v1/conversations/{id:guid}/read", ApiScopes.MessagesRead, ids => new(HttpMethod.Post, $"/api/v1/conversations/{ids.ContactId}/read")),
        new("GET", "/api/v1/contacts", ApiScopes.ContactsRead, _ => new(HttpMethod.Get, "/api/v1/contacts?search=555")),
        new("GET", "/api/v1/contacts/{id:guid}", ApiScopes.ContactsRead, ids => new(HttpMethod.Get, $"/api/v1/contacts/{ids.ContactId}")),
        new("POST", "/api/v1/contacts", ApiScopes.ContactsWrite, _ => Json(HttpMethod.Post, "/api/v1/contacts", new { number = "+1555" + Random.Shared.Next(1000000, 9999999) })),
        new("PATCH", "/api/v1/contacts/{id:guid}", ApiScopes.ContactsWrite, ids => Json(HttpMethod.Patch, $"/api/v1/contacts/{ids.ContactId}", new { name = "Scoped" })),
        new("POST", "/api/v1/contacts/{id:guid}/opt-out", ApiScopes.ContactsWrite, _ => new(HttpMethod.Post, $"/api/v1/contacts/{Guid.NewGuid()}/opt-out")),
        new("POST", "/api/v1/contacts/{id:guid}/opt-in", ApiScopes.ContactsWrite, ids => new(HttpMethod.Post, $"/api/v1/contacts/{ids.ContactId}/opt-in")),
        new("DELETE", "/api/v1/contacts/{id:guid}", ApiScopes.ContactsWrite, _ => new(HttpMethod.Delete, $"/api/v1/contacts/{Guid.NewGuid()}")),
        new("GET", "/api/v1/rules", ApiScopes.RulesRead, _ => new(HttpMethod.Get, "/api/v1/rules")),
        new("PUT", "/api/v1/rules", ApiScopes.RulesWrite, ids => new(HttpMethod.Put, "/api/v1/rules") { Content = new StringContent(ids.RulesJson, System.Text.Encoding.UTF8, "application/json") }),
        new("POST", "/api/v1/rules/test", ApiScopes.RulesRead, _ => Json(HttpMethod.Post, "/api/v1/rules/test", new { message = "STOP", sender = "+15550001111" })),
        new("GET", "/api/v1/endpoints", ApiScopes.Admin, _ => new(HttpMethod.Get, "/api/v1/endpoints")),
        new("POST", "/api/v1/endpoints", ApiScopes.Admin, _ => Json(HttpMethod.Post, "/api/v1/endpoints", new { name = "Scoped" })),
        new("POST", "/api/v1/endpoints/{id}/rotate", ApiScopes.Admin, ids => Json(HttpMethod.Post, $"/api/v1/endpoints/{ids.EndpointId}/rotate", new { graceHours = 1 })),
        new("GET", "/api/v1/webhooks", ApiScopes.Admin, _ => new(HttpMethod.Get, "/api/v1/webhooks")),
        new("POST", "/api/v1/webhooks", ApiScopes.Admin, _ => Json(HttpMethod.Post, "/api/v1/webhooks", new { url = "http://127.0.0.1:9/events", events = new[] { "message.received" } })),
        new("DELETE", "/api/v1/webhooks/{id}", ApiScopes.Admin, _ => new(HttpMethod.Delete, "/api/v1/webhooks/ewh_missing")),
    ];

    [Fact]
    public void Table_CoversEveryApiRouteOfTheApp()
    {
        var mapped = ApiRoutes(app).Select(r => $"{r.Method} {r.Pattern}").Order().ToList();

        Assert.Equal(mapped, Routes.Select(r => $"{r.Method} {r.Pattern}").Order().ToList());
    }

    [Fact]
    public async Task EveryRoute_EveryScope_OnlyItsScopeOrAdminIsLetThrough()
    {
        var endpoint = await app.CreateEndpointAsync();
        await app.SendAsync(endpoint, "scope-1", "hello");
        await app.WaitUntilProcessedAsync(endpoint, 1);
        Ids ids;
        await using (var db = app.CreateDbContext())
        {
            var message = db.InboundMessages.Single(m => m.WorkspaceId == endpoint.WorkspaceId);
            ids = new Ids(message.ContactId!.Value, message.Id, endpoint.Id,
                await app.Services.GetRequiredService<SmsPortal.RuleSets.RuleService>().ExportAsync(endpoint.WorkspaceId));
        }
        var clients = new Dictionary<string, HttpClient>();
        foreach (var scope in ApiScopes.All)
        {
            clients[scope] = await app.ApiClientAsync(endpoint.WorkspaceId, scope);
        }

        var wrong = new List<string>();
        foreach (var route in Routes)
        {
            foreach (var (scope, client) in clients)
            {
                using var response = await client.SendAsync(route.Request(ids));
                var allowed = scope == route.Scope || scope == ApiScopes.Admin;
                var status = (int)response.StatusCode;
                if (allowed ? status is 401 or 403 or >= 500 : status != 403)
                {
                    wrong.Add($"{route.Method} {route.Pattern} with {scope}: {status} {await response.Content.ReadAsStringAsync()}");
                }
            }
            using var anonymous = await app.ApiClient(null).SendAsync(route.Request(ids));
            if (anonymous.StatusCode != HttpStatusCode.Unauthorized)
            {
                wrong.Add($"{route.Method} {route.Pattern} without a key: {(int)anonymous.StatusCode}");
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public async Task MissingScope_ProblemNamesTheScope()
    {
        var endpoint = await app.CreateEndpointAsync();
        using var client = await app.ApiClientAsync(endpoint.WorkspaceId, ApiScopes.MessagesRead);

        var problem = await (await client.SendSmsAsync("+15550001111", "hi")).ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Contains("messages:send", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PortalCookie_IsNotAnApiCredential()
    {
        var endpoint = await app.CreateEndpointAsync();
        using var signedIn = await PortalSignIn.SignInAsync(app, endpoint.Email);

        var response = await signedIn.GetAsync("/api/v1/messages");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    internal static IEnumerable<(string Method, string Pattern)> ApiRoutes(TestApp app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, e.RoutePattern.RawText!.TrimEnd('/'))));

    private static HttpRequestMessage Json(HttpMethod method, string path, object body) => new(method, path) { Content = JsonContent.Create(body) };
}
