using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>
/// A team's event receiver on loopback: verifies every delivery with the Standard Webhooks library (as a receiver
/// built on it would), answers 500 while told to fail, and records what it got.
/// </summary>
public sealed class EventReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedEvent> _received = new();
    private int _failures;

    private EventReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>The secret to verify with; set once the subscription exists.</summary>
    public string? Secret { get; set; }

    public IReadOnlyCollection<ReceivedEvent> Received => _received;

    public IEnumerable<ReceivedEvent> Accepted => _received.Where(r => r.Accepted);

    public void FailNext(int count) => Interlocked.Exchange(ref _failures, count);

    /// <summary>App settings that retry event deliveries within a second, so a test sees retries and give-ups quickly.</summary>
    public static Dictionary<string, string?> FastRetries(int maxAttempts = 6) => new()
    {
        ["EventWebhooks:RetryDelay"] = "00:00:00.2",
        ["EventWebhooks:MaxRetryDelay"] = "00:00:00.5",
        ["EventWebhooks:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task<EventReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new EventReceiver(app);
        app.MapPost("/{**path}", receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/events";
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var verified = false;
        try
        {
            new StandardWebhooks.StandardWebhook(Secret ?? "whsec_AAAA").Verify(body, context.Request.Headers);
            verified = true;
        }
        catch (StandardWebhooks.Diagnostics.WebhookVerificationException)
        {
        }
        var fail = Interlocked.Decrement(ref _failures) >= 0;
        var accepted = verified && !fail;
        _received.Enqueue(new ReceivedEvent(context.Request.Headers["webhook-id"].ToString(), context.Request.Headers["webhook-signature"].ToString(), body, verified, accepted));
        context.Response.StatusCode = accepted ? 204 : verified ? 500 : 401;
        if (!accepted)
        {
            await context.Response.WriteAsync(verified ? "receiver is down" : "bad signature");
        }
    }

    public Task WaitForAsync(Func<EventReceiver, bool> condition, string because, int timeoutSeconds = 20) =>
        Eventually.TrueAsync(() => Task.FromResult(condition(this)), because, timeoutSeconds);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedEvent(string Id, string Signature, string Body, bool Verified, bool Accepted)
{
    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;
}
