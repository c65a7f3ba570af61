using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsPortal.Outbound;
using SmsPortal.Rules.Model;
using SmsPortal.Tests.Infrastructure;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.Outbound;

/// <summary>
/// The dispatcher's claim asks, for each queued candidate, whether an older reply to the same contact is still
/// pending. That question must seek by contact: answered from the status-and-id index it read every older queued
/// reply, so a claim cost grew with the square of its candidates and a 20,000-reply drain spent a third of its CPU
/// inside SQLite. The test takes the statement the running dispatcher issued and asks SQLite for its plan.
/// </summary>
public sealed class OutboxClaimPlanTests
{
    [Fact]
    public async Task HeadOfQueueCheck_SeeksThePendingRepliesOfTheContact()
    {
        var logs = new CapturedLogs();
        await using var gateway = await FakeGateway.StartAsync();
        await using var app = new TestApp(
            settings: new()
            {
                ["Gateway:Type"] = "Generic",
                ["Gateway:BaseUrl"] = gateway.Url,
                ["Gateway:ApiKey"] = "gw-test-key",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
            },
            configureServices: services => services.AddSingleton<ILoggerProvider>(logs),
            gateway: gateway);
        var endpoint = await app.CreateEndpointAsync();
        await app.AddRuleAsync(endpoint, Rule("price", [FirstWord("price")], new ReplyAction("Prices: $5")));

        await app.SendAsync(endpoint, "plan-1", "price");
        await gateway.WaitForAsync(g => g.Accepted.Count == 1, "the reply is sent");

        var claim = logs.Lines.Select(l => l.Message).LastOrDefault(m => m.Contains("\"o0\".\"ContactId\" = \"o\".\"ContactId\""));
        Assert.NotNull(claim);
        var plan = await PlanAsync(app.DatabasePath, claim);
        Assert.Contains(plan, step => step.Contains("SEARCH o0 USING INDEX IX_OutboundMessages_PendingByContact (ContactId=? AND Status=? AND Id<?)"));
        Assert.DoesNotContain(plan, step => step.Contains("SEARCH o0 USING INDEX IX_OutboundMessages_Status_Id"));
    }

    /// <summary>SQLite's plan for a logged statement, its parameters bound to placeholder values of their kind.</summary>
    private static async Task<List<string>> PlanAsync(string databasePath, string logged)
    {
        var sql = logged[logged.IndexOf("SELECT", StringComparison.Ordinal)..];
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in Regex.Matches(sql, @"@\w+").Select(m => m.Value).Distinct())
        {
            command.Parameters.AddWithValue(name, name.StartsWith("@now", StringComparison.Ordinal) ? DateTimeOffset.UtcNow.UtcTicks : "x");
        }
        var steps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(3));
        }
        return steps;
    }
}
