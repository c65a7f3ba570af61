using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.ApiKeys;
using SmsPortal.Audit;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>API keys made the way the CLI makes them, and clients that send them as a bearer token over real HTTP.</summary>
internal static class ApiKeysKit
{
    public static async Task<CreatedApiKey> CreateKeyAsync(this TestApp app, Guid workspaceId, params string[] scopes) =>
        await app.Services.GetRequiredService<ApiKeyService>().CreateAsync(workspaceId, Actor.Cli(), "test key", scopes.Length == 0 ? [ApiScopes.Admin] : scopes);

    public static async Task<HttpClient> ApiClientAsync(this TestApp app, Guid workspaceId, params string[] scopes) =>
        app.ApiClient((await app.CreateKeyAsync(workspaceId, scopes)).Key);

    public static HttpClient ApiClient(this TestApp app, string? key)
    {
        var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>The problem document of a refused request, asserting its status and content type.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }

    public static Task<HttpResponseMessage> SendSmsAsync(this HttpClient client, string to, string text, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages") { Content = JsonContent.Create(new { to, text }) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return client.SendAsync(request);
    }
}
