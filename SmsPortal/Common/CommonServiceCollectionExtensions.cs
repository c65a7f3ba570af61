using SmsPortal.Common;

namespace Microsoft.Extensions.DependencyInjection;

public static class CommonServiceCollectionExtensions
{
    /// <summary>
    /// The signals that wake the background workers. They live here, not with the worker or the writer, because
    /// the feature that rings one (Webhooks, Processing) is not the one that waits on it (Processing, Outbound).
    /// </summary>
    public static IServiceCollection AddWorkSignals(this IServiceCollection services)
    {
        services.AddSingleton<InboundWorkSignal>();
        services.AddSingleton<OutboxSignals>();
        return services;
    }
}
