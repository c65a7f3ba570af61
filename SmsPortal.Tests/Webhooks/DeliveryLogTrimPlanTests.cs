using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Webhooks;

/// <summary>
/// After every flush the delivery log trims each endpoint it wrote to its caps: it looks for the oldest entry to keep,
/// the cap-th newest of the verified ones and of the unverified ones. That walk must read the index alone: reading
/// each entry's row for its outcome cost 43 ms at the default cap of 10,000, four times a second for every busy
/// endpoint. The test takes the statements the running log issued and asks SQLite for their plans.
/// </summary>
public sealed class DeliveryLogTrimPlanTests
{
    [Fact]
    public async Task TrimWalk_ReadsTheCoveringIndexOnly()
    {
        var logs = new CapturedLogs();
        await using var app = new TestApp(
            settings: new() { ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information" },
            configureServices: services => services.AddSingleton<ILoggerProvider>(logs));
        var endpoint = await app.CreateEndpointAsync();

        (await app.SendAsync(endpoint, "trim-plan-1", "hello")).EnsureSuccessStatusCode();

        List<string> walks = [];
        await Eventually.TrueAsync(() =>
        {
            walks = [.. logs.Lines.Select(l => l.Message).Where(m => m.Contains("FROM \"DeliveryLog\"") && m.Contains("OFFSET")).Distinct()];
            return Task.FromResult(walks.Count >= 2);
        }, "the log trims the endpoint's verified and unverified entries", timeoutSeconds: 30);
        foreach (var walk in walks)
        {
            var plan = await SqlitePlan.ExplainAsync(app.DatabasePath, walk);
            Assert.Contains(plan, step => step.Contains("USING COVERING INDEX IX_DeliveryLog_EndpointId_Id_Outcome (EndpointId=?)"));
        }
    }
}
