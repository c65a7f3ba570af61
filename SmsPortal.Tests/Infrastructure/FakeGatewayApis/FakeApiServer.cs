using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmsPortal.Tests.Infrastructure.FakeGatewayApis;

/// <summary>
/// A gateway's cloud API on loopback: a real Kestrel server that records every request (bodies read whole, chunked or
/// not, as .NET's JSON content is sent chunked) and hands it to the fake's own routing. Subclasses answer as the real
/// API does, from their state; <see cref="PostSignedAsync"/> plays the phone/cloud side that posts webhooks.
/// </summary>
public abstract class FakeApiServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly HttpClient _webhookClient = new();
    private WebApplication? _app;

    public string Url { get; private set; } = "";

    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    /// <summary>The webhook posts the fake made, with SmsPortal's answer status.</summary>
    public ConcurrentQueue<(string Url, string Body, HttpStatusCode Status)> Posted { get; } = new();

    protected async Task ListenAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var request = new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body);
            _requests.Enqueue(request);
            var (status, answer) = Handle(request, context.Request.Path.Value ?? "", context.Request.Query);
            context.Response.StatusCode = status;
            if (answer is not null)
            {
                await context.Response.WriteAsJsonAsync(answer);
            }
        });
        await _app.StartAsync();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    /// <summary>The API's answer (status, JSON body or null) to one request.</summary>
    protected abstract (int Status, object? Body) Handle(RecordedRequest request, string path, IQueryCollection query);

    protected static JsonElement? Json(RecordedRequest request)
    {
        try
        {
            return request.Body.Length == 0 ? null : JsonDocument.Parse(request.Body).RootElement;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    protected static string? Text(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    protected static List<string> Strings(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!).ToList()
            : [];

    protected async Task<HttpStatusCode> PostSignedAsync(string url, string body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await _webhookClient.SendAsync(request);
        Posted.Enqueue((url, body, response.StatusCode));
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        _webhookClient.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}
