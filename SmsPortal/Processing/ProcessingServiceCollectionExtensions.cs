using SmsPortal.Processing;
using SmsPortal.Work;

namespace Microsoft.Extensions.DependencyInjection;

public static class ProcessingServiceCollectionExtensions
{
    /// <summary>The worker that takes each stored message through the rules after the webhook has answered.</summary>
    public static IServiceCollection AddProcessing(this IServiceCollection services)
    {
        services.AddWork();
        services.AddQueueOptions(QueueOptions.Inbound, "Processing", o => o.MaxRetryDelay = TimeSpan.FromMinutes(15));
        services.AddSingleton<IRuleActionHandler, StopHandler>();
        services.AddSingleton<InboundMessageProcessor>();
        services.AddSingleton<ParkedMessages>();
        services.AddHostedService<InboundProcessingWorker>();
        return services;
    }
}
