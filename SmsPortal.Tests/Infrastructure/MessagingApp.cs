using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Messages;
using SmsPortal.Outbound;
using SmsPortal.RuleSets;
using SmsPortal.Rules.Model;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>The app wired to a fake gateway on loopback, with helpers to author rules and read the outbox.</summary>
public sealed class MessagingApp : IAsyncDisposable
{
    private MessagingApp(FakeGateway gateway, PortalAppFactory app)
    {
        Gateway = gateway;
        App = app;
        Client = app.CreateHttpClient();
    }

    public FakeGateway Gateway { get; }
    public PortalAppFactory App { get; }
    public HttpClient Client { get; }

    public static async Task<MessagingApp> StartAsync(bool configureGateway = true, Dictionary<string, string?>? settings = null)
    {
        var gateway = await FakeGateway.StartAsync();
        settings ??= [];
        if (configureGateway)
        {
            settings["Gateway:Type"] = "Generic";
            settings["Gateway:BaseUrl"] = gateway.Url;
            settings["Gateway:ApiKey"] = "gw-test-key";
        }
        return new MessagingApp(gateway, new PortalAppFactory(settings: settings));
    }

    public static RuleDefinition Rule(string id, IReadOnlyList<Condition> conditions, params RuleAction[] actions) =>
        new() { Id = id, Name = id, Conditions = conditions, Actions = actions };

    public static Condition FirstWord(params string[] words) => new FirstWordIsCondition(words.Select(w => new Keyword(w)).ToList());

    public Task AddRuleAsync(TestEndpoint endpoint, RuleDefinition rule) =>
        App.Services.GetRequiredService<RuleService>().SaveAsync(endpoint.WorkspaceId, rule);

    public async Task<HttpResponseMessage> SendAsync(TestEndpoint endpoint, string id, string text, string from = "+15551234567")
    {
        var response = await Client.PostAsync(endpoint, Deliveries.Body(id, text, from));
        response.EnsureSuccessStatusCode();
        return response;
    }

    public async Task<List<OutboundMessage>> OutboxAsync(TestEndpoint endpoint)
    {
        await using var db = App.CreateDbContext();
        return await db.OutboundMessages.Where(m => m.WorkspaceId == endpoint.WorkspaceId).OrderBy(m => m.Id).ToListAsync();
    }

    public async Task WaitUntilProcessedAsync(TestEndpoint endpoint, int count)
    {
        await Eventually.TrueAsync(async () =>
        {
            await using var db = App.CreateDbContext();
            return await db.InboundMessages.CountAsync(m => m.WorkspaceId == endpoint.WorkspaceId && m.Status == SmsPortal.Messages.ProcessingStatus.Processed) >= count;
        }, $"{count} message(s) are processed");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Gateway.DisposeAsync();
    }
}
