using SmsPortal.Live;

namespace Microsoft.Extensions.DependencyInjection;

public static class LiveServiceCollectionExtensions
{
    /// <summary>In-process updates that the portal's pages subscribe to.</summary>
    public static IServiceCollection AddLiveUpdates(this IServiceCollection services) =>
        services.AddSingleton<LiveUpdates>();
}
