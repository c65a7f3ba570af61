using System.Diagnostics;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.RuleSets.DryRun;
using SmsPortal.RuleSets.Versions;

namespace SmsPortal.Cli;

public static partial class AdminCli
{
    private static async Task<object> PublishRulesAsync(IServiceProvider services, Command command)
    {
        var workspace = await WorkspaceAsync(services, command);
        var published = await services.GetRequiredService<RuleSetVersions>()
            .PublishAsync(workspace.WorkspaceId, Actor.Cli(command.Required("email")), command.Optional("comment"));
        return new { Version = published.Number, published.RuleCount, published.Comment };
    }

    private static async Task<object> DryRunRulesAsync(IServiceProvider services, Command command)
    {
        var workspace = await WorkspaceAsync(services, command);
        var last = int.TryParse(command.Optional("last") ?? "1000", out var n) && n is > 0 and <= DryRunScope.MaxMessages
            ? n
            : throw new UserInputException($"--last must be a number from 1 to {DryRunScope.MaxMessages}.");
        var runs = int.TryParse(command.Optional("runs") ?? "1", out var r) && r is > 0 and <= 100 ? r : throw new UserInputException("--runs must be a number from 1 to 100.");
        // Each run is timed on its own: the first also pays for the process's first queries and the live set's compile.
        var elapsed = new List<long>();
        DryRunReport report = default!;
        for (var run = 0; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            report = await services.GetRequiredService<DryRunService>()
                .RunAsync(workspace.WorkspaceId, Actor.Cli(command.Required("email")), new DryRunScope { Last = last });
            elapsed.Add(clock.ElapsedMilliseconds);
        }
        return new
        {
            report.Messages, report.AnsweredDifferently, report.NewlyUnanswered, report.NewlyAnswered, report.OtherRules,
            report.LiveVersion, ElapsedMilliseconds = elapsed,
        };
    }
}
