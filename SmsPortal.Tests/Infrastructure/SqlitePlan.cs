using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>SQLite's query plan for a statement the running app logged (EF's command log), read from the app's database file.</summary>
public static class SqlitePlan
{
    /// <summary>The plan's steps, the statement's parameters bound to placeholder values of their kind (<c>@now…</c> as ticks).</summary>
    public static async Task<List<string>> ExplainAsync(string databasePath, string logged)
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
