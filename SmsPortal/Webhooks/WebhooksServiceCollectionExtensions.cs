using SmsPortal.Hosting;
using SmsPortal.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

public static class WebhooksServiceCollectionExtensions
{
    /// <summary>The inbound hook: verification, group-committed storage, the delivery log and its retention.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InboundMessageStore>();
        services.AddHostedService(sp => sp.GetRequiredService<InboundMessageStore>());
        services.AddSingleton<DeliveryLog>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryLog>());
        services.AddSingleton<WebhookReceiver>();
        services.AddHostedService<Housekeeping>();
        return services;
    }

}
