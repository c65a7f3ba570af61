using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsPortal.Dashboard;
using SmsPortal.Processing;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Dashboard;

/// <summary>
/// The dashboard counts the workspace's queued replies, its failed replies of the week and its parked messages. Given
/// the workspace and a status, SQLite took the workspace's index and read every row for its status: at 1,000,000
/// messages the dashboard's first byte took 700–870 ms, 420–480 ms of it the queued count (docs/performance.md). Each
/// count must read a partial index that holds only rows in its status. The test takes the statements the running app
/// issued and asks SQLite for their plans.
/// </summary>
public sealed class DashboardCountPlanTests
{
    [Fact]
    public async Task StatusCounts_ReadThePartialIndexOfTheirStatus()
    {
        var logs = new CapturedLogs();
        await using var app = new TestApp(
            settings: new() { ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information" },
            configureServices: services => services.AddSingleton<ILoggerProvider>(logs));
        var endpoint = await app.CreateEndpointAsync();

        await app.Services.GetRequiredService<DashboardService>().GetAsync(endpoint.WorkspaceId);
        await app.Services.GetRequiredService<ParkedMessages>().CountAsync(endpoint.WorkspaceId);

        var statements = logs.Lines.Select(l => l.Message).Where(m => m.Contains("SELECT COUNT(*)")).ToList();
        await AssertPlanAsync(app, statements, "\"o\".\"Status\" = 'Queued'", "SEARCH o USING COVERING INDEX IX_OutboundMessages_Queued (WorkspaceId=?)");
        await AssertPlanAsync(app, statements, "\"o\".\"Status\" = 'Failed'", "SEARCH o USING COVERING INDEX IX_OutboundMessages_Failed (WorkspaceId=? AND CreatedAt>?)");
        await AssertPlanAsync(app, statements, "\"i\".\"Status\" = 'Failed'", "SEARCH i USING COVERING INDEX IX_InboundMessages_Parked (WorkspaceId=?)");
    }

    private static async Task AssertPlanAsync(TestApp app, List<string> statements, string filter, string step)
    {
        var statement = statements.SingleOrDefault(s => s.Contains(filter));
        Assert.True(statement is not null, $"no count with {filter} among:\n{string.Join("\n", statements)}");
        var plan = await SqlitePlan.ExplainAsync(app.DatabasePath, statement);
        Assert.True(plan.Contains(step), $"{filter}: {string.Join(" | ", plan)}");
    }
}
