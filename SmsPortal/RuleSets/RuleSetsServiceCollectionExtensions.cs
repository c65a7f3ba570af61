using SmsPortal.RuleSets;
using SmsPortal.RuleSets.DryRun;
using SmsPortal.RuleSets.Replay;
using SmsPortal.RuleSets.Versions;

namespace Microsoft.Extensions.DependencyInjection;

public static class RuleSetsServiceCollectionExtensions
{
    /// <summary>A workspace's rules: storage, import/export, versions and publishing, and the compiled set that processing runs.</summary>
    public static IServiceCollection AddRuleSets(this IServiceCollection services)
    {
        services.AddSingleton<RuleSetCache>();
        services.AddSingleton<RuleSetValidation>();
        services.AddSingleton<RuleService>();
        services.AddSingleton<RuleSetVersions>();
        services.AddSingleton<RuleSetWarnings>();
        services.AddSingleton<DryRunService>();
        services.AddSingleton<DryRunJobs>();
        services.AddSingleton<ReplayService>();
        return services;
    }
}
