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

namespace SmsPortal.Tests.Infrastructure;

/// <summary>
/// Stands in for a gateway's cloud API: a real HTTP server on loopback that records every request and answers
/// as told. Like a real gateway it honours the idempotency key: a repeated id is answered but not sent twice.
/// </summary>
public sealed class FakeGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, string> _accepted = new();
    private readonly ConcurrentQueue<string> _acceptedInOrder = new();
    private int _failuresToSimulate;

    private FakeGateway(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>Status to answer with; 200 by default.</summary>
    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    /// <summary>
    /// False: like textbee, Twilio or httpSMS, every accepted request is one more SMS, whatever key it carries.
    /// </summary>
    public bool HonoursIdempotencyKey { get; set; } = true;

    /// <summary>Requests this returns true for are never answered (a black-holed gateway).</summary>
    public Func<RecordedRequest, bool>? Hang { get; set; }

    /// <summary>Every accepted body, in the order accepted; with <see cref="HonoursIdempotencyKey"/> a repeat is not one.</summary>
    public IReadOnlyCollection<string> AcceptedInOrder => _acceptedInOrder;

    /// <summary>Messages the gateway accepted (2xx), by our id, each once.</summary>
    public IReadOnlyDictionary<string, string> Accepted => _accepted;

    public IEnumerable<JsonElement> AcceptedBodies => _accepted.Values.Select(b => JsonDocument.Parse(b).RootElement);

    /// <summary>The next <paramref name="count"/> requests get a 503 (the gateway is "down").</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresToSimulate, count);

    public static async Task<FakeGateway> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var gateway = new FakeGateway(app);
        app.MapPost("/{**path}", gateway.HandleAsync);
        await app.StartAsync();
        gateway.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return gateway;
    }

    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body);
        _requests.Enqueue(recorded);
        if (Hang?.Invoke(recorded) == true)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return;
        }

        if (Interlocked.Decrement(ref _failuresToSimulate) >= 0)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        context.Response.StatusCode = (int)Status;
        if (Status != HttpStatusCode.OK)
        {
            await context.Response.WriteAsJsonAsync(new { error = "invalid recipient" });
            return;
        }
        var key = (HonoursIdempotencyKey ? headers.GetValueOrDefault("Idempotency-Key") : null) ?? Guid.NewGuid().ToString();
        if (_accepted.TryAdd(key, body))
        {
            _acceptedInOrder.Enqueue(body);
        }
        await context.Response.WriteAsJsonAsync(new { id = "gw-" + key, status = "queued" });
    }

    public async Task WaitForAsync(Func<FakeGateway, bool> condition, string because, int timeoutSeconds = 20) =>
        await Eventually.TrueAsync(() => Task.FromResult(condition(this)), because, timeoutSeconds);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
