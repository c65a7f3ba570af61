using Microsoft.Extensions.Http.Resilience;
using SmsPortal.EventWebhooks;
using SmsPortal.Work;

namespace Microsoft.Extensions.DependencyInjection;

public static class EventWebhooksServiceCollectionExtensions
{
    /// <summary>Event webhooks out: subscriptions, the dispatcher that signs and delivers events, the delivery log.</summary>
    public static IServiceCollection AddEventWebhooks(this IServiceCollection services)
    {
        services.AddOptions<EventWebhookOptions>().BindConfiguration(EventWebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddQueueOptions(EventWebhookOptions.Queue, EventWebhookOptions.Section,
            o => (o.MaxAttempts, o.RetryDelay, o.MaxRetryDelay) = (20, TimeSpan.FromSeconds(5), TimeSpan.FromHours(2)));
        services.AddSingleton<EventSignal>();
        services.AddSingleton<EventSigning>();
        services.AddSingleton<EventFanOut>();
        services.AddSingleton<EventInterest>();
        services.AddSingleton<EventHealth>();
        services.AddSingleton<EventWebhookService>();
        services.AddSingleton<EventDeliveryLog>();
        services.AddSingleton<SmsPortal.Common.IPeriodicCleanup, EventLogPruning>();
        // Receivers' URLs are typed by workspace users: the hardened client; retries are the queue's, spaced out, so none here.
        services.AddHttpClient(EventDispatcher.HttpClientName).UseTenantEgress();
        services.AddWork();
        services.AddHostedService<EventDispatcher>();
        return services;
    }
}
