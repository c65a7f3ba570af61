using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Outbound.Gateways;

/// <summary>
/// A gateway's cloud API on loopback that records every request exactly as received (method, path, headers, raw
/// body) and answers with whatever the test scripts: a status and a body, by default the same for every request.
/// </summary>
public sealed class ScriptedGatewayServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<ScriptedAnswer> _next = new();

    private ScriptedGatewayServer(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>The answer once the scripted ones (<see cref="ThenAnswer"/>) are used up.</summary>
    public ScriptedAnswer Answer { get; set; } = new(HttpStatusCode.OK, "{}");

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public RecordedRequest Single => Assert.Single(Requests);

    public static async Task<ScriptedGatewayServer> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var server = new ScriptedGatewayServer(app);
        app.Map("/{**path}", server.HandleAsync);
        await app.StartAsync();
        server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    /// <summary>Answers the next request with this, before falling back to <see cref="Answer"/>.</summary>
    public void ThenAnswer(HttpStatusCode status, string body) => _next.Enqueue(new ScriptedAnswer(status, body));

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body));

        var answer = _next.TryDequeue(out var scripted) ? scripted : Answer;
        context.Response.StatusCode = (int)answer.Status;
        if (answer.Body.Length > 0)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Body);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ScriptedAnswer(HttpStatusCode Status, string Body);

public static class RecordedRequestExtensions
{
    /// <summary>The form fields of a <c>application/x-www-form-urlencoded</c> body, decoded.</summary>
    public static Dictionary<string, string> Form(this RecordedRequest request) =>
        QueryHelpers.ParseQuery("?" + request.Body).ToDictionary(p => p.Key, p => p.Value.ToString());

    /// <summary>The user and password of a Basic <c>Authorization</c> header.</summary>
    public static (string User, string Password) Basic(this RecordedRequest request)
    {
        var header = request.Headers["Authorization"];
        Assert.StartsWith("Basic ", header);
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
        var colon = decoded.IndexOf(':');
        return (decoded[..colon], decoded[(colon + 1)..]);
    }
}
