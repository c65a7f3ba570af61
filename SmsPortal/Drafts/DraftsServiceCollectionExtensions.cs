using SmsPortal.Drafts;

namespace Microsoft.Extensions.DependencyInjection;

public static class DraftsServiceCollectionExtensions
{
    /// <summary>Unsent replies and unsaved forms, kept per person on the server while they type.</summary>
    public static IServiceCollection AddDrafts(this IServiceCollection services)
    {
        services.AddSingleton<DraftService>();
        services.AddSingleton<DraftKeepers>();
        return services;
    }
}
