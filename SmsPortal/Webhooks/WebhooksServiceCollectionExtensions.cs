using SmsPortal.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

public static class WebhooksServiceCollectionExtensions
{
    /// <summary>
    /// The inbound hook: verification, group-committed storage and the delivery log; for the portal, test
    /// deliveries to our own hook and the delivery log's queries.
    /// </summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InboundMessageStore>();
        services.AddHostedService(sp => sp.GetRequiredService<InboundMessageStore>());
        services.AddSingleton<DeliveryLog>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryLog>());
        services.AddSingleton<WebhookReceiver>();
        services.AddSingleton<HookUrls>();
        services.AddSingleton<TestDelivery>();
        services.AddSingleton<DeliveryLogQueries>();
        services.AddHttpClient(TestDelivery.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(15));
        return services;
    }
}
