using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Webhooks;

/// <summary>
/// The delivery log trims each endpoint it writes to its caps: it looks for the oldest entry to keep, the cap-th newest
/// of the verified ones and of the unverified ones, and deletes what is older. That walk must read the index alone: reading
/// each entry's row for its outcome cost 43 ms at the default cap of 10,000, four times a second for every busy
/// endpoint. And the walk runs when a twentieth of the cap has been written since the last one, or once the endpoint
/// is quiet, not at every flush: at a cap of millions a walk at every flush would be the log's whole work.
/// </summary>
public sealed class DeliveryLogTrimTests
{
    [Fact]
    public async Task TrimWalk_ReadsTheCoveringIndexOnly()
    {
        var logs = new CapturedLogs();
        await using var app = new TestApp(
            settings: new() { ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information" },
            configureServices: services => services.AddSingleton<ILoggerProvider>(logs));
        var endpoint = await app.CreateEndpointAsync();

        using var client = app.CreateHttpClient();
        (await client.PostAsync(endpoint, Deliveries.Body("trim-plan-1"))).EnsureSuccessStatusCode();
        // and one the log keeps under the other cap
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.PostAsync(endpoint, Deliveries.Body("trim-plan-2"), "t=1,v1=forged")).StatusCode);

        List<string> walks = [];
        await Eventually.TrueAsync(() =>
        {
            walks = [.. Walks(logs).Distinct()];
            return Task.FromResult(walks.Count >= 2);
        }, "the log trims the endpoint's verified and unverified entries", timeoutSeconds: 30);
        foreach (var walk in walks)
        {
            var plan = await SqlitePlan.ExplainAsync(app.DatabasePath, walk);
            Assert.Contains(plan, step => step.Contains("USING COVERING INDEX IX_DeliveryLog_EndpointId_Id_Outcome (EndpointId=?)"));
        }
    }

    [Fact]
    public async Task BusyEndpoint_BelowATwentiethOfItsCap_WalkedOnceWhenQuiet()
    {
        var logs = new CapturedLogs();
        await using var app = new TestApp(
            settings: new()
            {
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
                ["Webhooks:DeliveryLogMaxEntriesPerEndpoint"] = "10000",
            },
            configureServices: services => services.AddSingleton<ILoggerProvider>(logs));
        var endpoint = await app.CreateEndpointAsync();
        using var client = app.CreateHttpClient();

        // 300 deliveries one after another (a second or more, several flushes of the log) stay below 500, a
        // twentieth of the cap: while they arrive no walk runs; trimming at every flush walked twice a flush.
        var started = DateTime.UtcNow;
        for (var i = 0; i < 300; i++)
        {
            (await client.PostAsync(endpoint, Deliveries.Body($"busy-{i}"))).EnsureSuccessStatusCode();
        }
        var busyFor = DateTime.UtcNow - started;
        await Eventually.TrueAsync(() => Task.FromResult(Walks(logs).Count >= 1), "the quiet endpoint is walked", timeoutSeconds: 30);
        await Task.Delay(TimeSpan.FromSeconds(1));

        // Trimming at every flush walked twice a flush, eight times a second (7 walks for 2.1 s here). A pause of a
        // flush between two deliveries on a slow machine makes the endpoint quiet for a moment: allow one a second.
        var walks = Walks(logs);
        Assert.True(walks.Count <= 2 + busyFor.TotalSeconds, $"{walks.Count} walks while 300 deliveries came in {busyFor.TotalSeconds:0.0} s");
        Assert.All(walks, w => Assert.Contains("NOT IN", w, StringComparison.OrdinalIgnoreCase));
        await using var db = app.CreateDbContext();
        Assert.Equal(300, await db.DeliveryLog.CountAsync(d => d.EndpointId == endpoint.Id));
    }

    private static List<string> Walks(CapturedLogs logs) =>
        [.. logs.Lines.Select(l => l.Message).Where(m => m.Contains("FROM \"DeliveryLog\"") && m.Contains("OFFSET"))];
}
