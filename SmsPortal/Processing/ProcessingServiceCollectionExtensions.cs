using SmsPortal.Processing;

namespace Microsoft.Extensions.DependencyInjection;

public static class ProcessingServiceCollectionExtensions
{
    /// <summary>The worker that takes each stored message through the rules after the webhook has answered.</summary>
    public static IServiceCollection AddProcessing(this IServiceCollection services)
    {
        services.AddOptions<ProcessingOptions>().BindConfiguration(ProcessingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IRuleActionHandler, StopHandler>();
        services.AddSingleton<InboundMessageProcessor>();
        services.AddHostedService<InboundProcessingWorker>();
        return services;
    }
}
