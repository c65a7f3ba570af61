using SmsPortal.Live;
using SmsPortal.Processing;
using SmsPortal.Rules;
using SmsPortal.Work;

namespace Microsoft.Extensions.DependencyInjection;

public static class ProcessingServiceCollectionExtensions
{
    /// <summary>Rules and the worker that takes each stored message through them after the webhook has answered.</summary>
    public static IServiceCollection AddProcessing(this IServiceCollection services)
    {
        services.AddWork();
        services.AddQueueOptions(QueueOptions.Inbound, "Processing", o => o.MaxRetryDelay = TimeSpan.FromMinutes(15));
        services.AddSingleton<InboundWorkSignal>();
        services.AddSingleton<LiveUpdates>();
        services.AddSingleton<RuleSetCache>();
        services.AddSingleton<RuleService>();
        services.AddSingleton<InboundMessageProcessor>();
        services.AddHostedService<InboundProcessingWorker>();
        return services;
    }
}
