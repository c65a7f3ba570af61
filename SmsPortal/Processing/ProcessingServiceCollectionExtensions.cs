using SmsPortal.Processing;

namespace Microsoft.Extensions.DependencyInjection;

public static class ProcessingServiceCollectionExtensions
{
    /// <summary>The worker that takes each stored message through processing after the webhook has answered.</summary>
    public static IServiceCollection AddProcessing(this IServiceCollection services)
    {
        services.AddSingleton<InboundWorkSignal>();
        services.AddSingleton<IInboundMessageHandler, MarkProcessedHandler>();
        services.AddHostedService<InboundProcessingWorker>();
        return services;
    }
}
