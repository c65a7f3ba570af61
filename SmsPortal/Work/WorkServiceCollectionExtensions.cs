using Microsoft.Extensions.DependencyInjection.Extensions;
using SmsPortal.Work;

namespace Microsoft.Extensions.DependencyInjection;

public static class WorkServiceCollectionExtensions
{
    /// <summary>What every work queue shares: this node's identity and the lease store.</summary>
    public static IServiceCollection AddWork(this IServiceCollection services)
    {
        services.TryAddSingleton<WorkNode>();
        services.TryAddSingleton<LeaseStore>();
        services.TryAddSingleton<GroupCommit>();
        return services;
    }

    /// <summary>One queue's retry and lease settings (named <paramref name="queue"/>), bound to <paramref name="section"/>.</summary>
    public static IServiceCollection AddQueueOptions(this IServiceCollection services, string queue, string section, Action<QueueOptions>? defaults = null)
    {
        var builder = services.AddOptions<QueueOptions>(queue);
        if (defaults is not null)
        {
            builder.Configure(defaults);
        }
        builder.BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
