using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Data;
using SmsPortal.Messages;
using SmsPortal.Outbound;
using SmsPortal.Rules.Model;
using SmsPortal.Tests.Infrastructure;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.Data;

/// <summary>The inbound path end to end on each provider the app runs on with a real server here.</summary>
public sealed class ProviderTests
{
    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Delivery_RetriedTwice_StoredOnceProcessedAndRepliedOnce(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var messaging = await TestApp.StartWithGatewayAsync(settings: database.Settings());
        var endpoint = await messaging.CreateEndpointAsync();
        await messaging.AddRuleAsync(endpoint, Rule("price", [FirstWord("price")], new ReplyAction("Prices: $5")));
        var body = Deliveries.Body("dup-1", "price please", receivedAt: "2026-11-23T22:00:00+02:00");

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => messaging.Client.PostAsync(endpoint, body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await messaging.WaitUntilProcessedAsync(endpoint, 1);
        await Eventually.TrueAsync(async () => (await messaging.OutboxAsync(endpoint)).SingleOrDefault()?.Status == OutboundStatus.Sent, "the reply is sent");
        await using var db = messaging.CreateDbContext();
        var stored = await db.InboundMessages.SingleAsync(m => m.WorkspaceId == endpoint.WorkspaceId);
        Assert.Equal(ProcessingStatus.Processed, stored.Status);
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T20:00:00Z"), stored.ReceivedAt);
        Assert.Single(messaging.Gateway.Accepted);
    }

    [Fact]
    public void PostgreSql_CreateScript_GeneratesWithoutAServer()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = "Host=localhost;Database=smsportal",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSmsPortalData(configuration, Path.GetTempPath());
        using var provider = services.BuildServiceProvider();
        using var db = provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

        var script = db.Database.GenerateCreateScript();

        Assert.IsType<PostgreSqlDbContext>(db);
        Assert.Contains("CREATE UNIQUE INDEX \"IX_InboundMessages_WorkspaceId_ExternalId\"", script);
        Assert.Contains("\"LeaseExpiresAt\" timestamp with time zone", script);
        Assert.Contains("CREATE TABLE \"ChangeNotices\"", script);
    }
}
