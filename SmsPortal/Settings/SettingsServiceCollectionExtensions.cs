using SmsPortal.Settings;

namespace Microsoft.Extensions.DependencyInjection;

public static class SettingsServiceCollectionExtensions
{
    /// <summary>A workspace's general settings: region, business hours, loop guard, compliance texts; its clock for pages.</summary>
    public static IServiceCollection AddWorkspaceSettings(this IServiceCollection services) =>
        services.AddSingleton<WorkspaceSettingsService>().AddSingleton<UserTimeZones>().AddSingleton<WorkspaceClock>();
}
