using SmsPortal.Settings;

namespace Microsoft.Extensions.DependencyInjection;

public static class SettingsServiceCollectionExtensions
{
    /// <summary>A workspace's general settings: region, business hours, loop guard, compliance texts.</summary>
    public static IServiceCollection AddWorkspaceSettings(this IServiceCollection services) =>
        services.AddSingleton<WorkspaceSettingsService>();
}
