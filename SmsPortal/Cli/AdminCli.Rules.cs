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
        var clock = Stopwatch.StartNew();
        var report = await services.GetRequiredService<DryRunService>()
            .RunAsync(workspace.WorkspaceId, Actor.Cli(command.Required("email")), new DryRunScope { Last = last });
        return new
        {
            report.Messages, report.AnsweredDifferently, report.NewlyUnanswered, report.NewlyAnswered, report.OtherRules,
            report.LiveVersion, ElapsedMilliseconds = clock.ElapsedMilliseconds,
        };
    }
}
