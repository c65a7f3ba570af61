using SmsPortal.Common;
using SmsPortal.Live;
using SmsPortal.Processing;
using SmsPortal.RuleSets;

namespace Microsoft.Extensions.DependencyInjection;

public static class ProcessingServiceCollectionExtensions
{
    /// <summary>Rules and the worker that takes each stored message through them after the webhook has answered.</summary>
    public static IServiceCollection AddProcessing(this IServiceCollection services)
    {
        services.AddOptions<ProcessingOptions>().BindConfiguration(ProcessingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InboundWorkSignal>();
        services.AddSingleton<LiveUpdates>();
        services.AddSingleton<RuleSetCache>();
        services.AddSingleton<RuleService>();
        services.AddSingleton<InboundMessageProcessor>();
        services.AddHostedService<InboundProcessingWorker>();
        return services;
    }
}
