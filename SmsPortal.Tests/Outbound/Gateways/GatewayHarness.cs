using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsPortal.Audit;
using SmsPortal.Endpoints;
using SmsPortal.Outbound;
using SmsPortal.Rules.Model;
using SmsPortal.Tests.Infrastructure;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.Outbound.Gateways;

/// <summary>
/// The outbound registration exactly as the app makes it (<c>AddOutbound</c>: the selector, the typed clients and
/// their resilience handlers), over in-memory configuration that tests can change and reload, as when
/// appsettings.json is edited. Only the gateway clients are resolved; the dispatchers are never started.
/// </summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public GatewayHarness(Dictionary<string, string?> settings)
    {
        Configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(Configuration);
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddOutbound();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public IConfigurationRoot Configuration { get; }

    /// <summary>What the dispatcher gets: the selector.</summary>
    public IGatewayClient Client => _services.GetRequiredService<IGatewayClient>();

    public GatewayOptions Options => _services.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue;

    public Task<GatewaySendResult> SendAsync(OutboundMessage message) => Client.SendAsync(message, CancellationToken.None);

    public static OutboundMessage Message(string text = "Prices: $5", string to = "+15551234567", string id = "out_01jdz3k8m2q7r5t9v4w6x8y0za") =>
        new() { Id = id, To = to, Text = text, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

/// <summary>
/// The real app with a gateway configured: a signed delivery arrives on a fresh endpoint, a rule replies, and the
/// dispatcher sends the reply through the configured adapter to <paramref name="gateway"/>.
/// </summary>
public static class GatewayEndToEnd
{
    public const string InboundText = "price";
    public const string ReplyText = "Prices: $5";
    public const string Sender = "+15551234567";

    /// <param name="then">
    /// Runs once the reply is settled, with the app still up (e.g. to post the gateway's status callback); the reply
    /// returned is read again afterwards.
    /// </param>
    public static async Task<(OutboundMessage Reply, RecordedRequest Request)> ReplyThroughAsync(
        ScriptedGatewayServer gateway, Dictionary<string, string?> settings, Func<AfterReply, Task>? then = null)
    {
        await using var app = new TestApp(settings: settings);
        using var client = app.CreateHttpClient();
        var endpoint = await app.CreateEndpointAsync();
        await app.Services.GetRequiredService<SmsPortal.RuleSets.RuleService>()
            .SaveAsync(endpoint.WorkspaceId, Rule("price", [FirstWord("price")], new ReplyAction(ReplyText)), SmsPortal.Audit.Actor.Cli());

        var response = await client.PostAsync(endpoint, Deliveries.Body("e2e-1", InboundText, Sender));
        response.EnsureSuccessStatusCode();

        OutboundMessage? reply = null;
        await Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            reply = await db.OutboundMessages.SingleOrDefaultAsync(m => m.WorkspaceId == endpoint.WorkspaceId);
            return reply?.Status is OutboundStatus.Sent or OutboundStatus.Failed;
        }, "the reply is settled by the gateway's answer", 30);
        if (then is not null)
        {
            await then(new AfterReply(app, client, endpoint.WorkspaceId, reply!));
            await using var db = app.CreateDbContext();
            reply = await db.OutboundMessages.SingleAsync(m => m.Id == reply!.Id);
        }
        return (reply!, gateway.Single);
    }
}

/// <summary>The running app after a reply went out, for posting what the gateway sends next.</summary>
public sealed record AfterReply(TestApp App, HttpClient Client, Guid WorkspaceId, OutboundMessage Reply)
{
    /// <summary>A second endpoint of the same workspace, in a gateway's own format, the way a user sets one up.</summary>
    public async Task<TestEndpoint> EndpointAsync(EndpointFormat format, string secret)
    {
        var created = await App.Services.GetRequiredService<EndpointService>().CreateAsync(WorkspaceId, Actor.Cli(), format.ToString(), null, format, secret);
        return new TestEndpoint(WorkspaceId, created.Id, created.Secret, "");
    }

    public async Task<HttpResponseMessage> PostAsync(TestEndpoint endpoint, HttpContent content, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Path) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await Client.SendAsync(request);
    }
}
