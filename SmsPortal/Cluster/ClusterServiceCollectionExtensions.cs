using Microsoft.Extensions.DependencyInjection.Extensions;
using SmsPortal.Cluster;

namespace Microsoft.Extensions.DependencyInjection;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>Cache invalidation across nodes and processes (the CLI included), through the database.</summary>
    public static IServiceCollection AddCluster(this IServiceCollection services)
    {
        services.AddWork();
        services.TryAddSingleton<ClusterChanges>();
        services.AddHostedService<ChangeFeedPoller>();
        services.AddHostedService<PostgresLiveRelay>();
        return services;
    }
}
