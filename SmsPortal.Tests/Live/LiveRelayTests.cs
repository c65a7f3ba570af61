using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Live;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Live;

/// <summary>Two nodes on one PostgreSQL database: a portal page on either sees what the other processed.</summary>
public sealed class LiveRelayTests
{
    [SkippableFact]
    public async Task MessageProcessedOnOneNode_LiveUpdateReachesSubscribersOnTheOther()
    {
        await using var database = await TestDatabase.CreateAsync("PostgreSql");
        await using var first = new TestApp(settings: database.Settings());
        using var client = first.CreateHttpClient();
        var endpoint = await first.CreateEndpointAsync();
        await using var second = new TestApp(settings: database.Settings());
        second.StartServer();
        var seen = new ConcurrentBag<(string Node, LiveUpdate Update)>();
        using var onFirst = first.Services.GetRequiredService<LiveUpdates>().Subscribe(endpoint.WorkspaceId, u => { seen.Add(("first", u)); return Task.CompletedTask; });
        using var onSecond = second.Services.GetRequiredService<LiveUpdates>().Subscribe(endpoint.WorkspaceId, u => { seen.Add(("second", u)); return Task.CompletedTask; });

        await client.PostAsync(endpoint, Deliveries.Body("live-1", "hello"));

        await Eventually.TrueAsync(() => Task.FromResult(
            seen.Count(s => s.Update.Kind == LiveUpdateKind.MessageReceived) == 2
            && seen.Where(s => s.Update.Kind == LiveUpdateKind.MessageReceived).Select(s => s.Node).Distinct().Count() == 2),
            "both nodes' subscribers hear of the message once each", 20);
    }
}
