using Microsoft.Extensions.Http.Resilience;
using Polly;
using Microsoft.Extensions.Options;
using SmsPortal.Outbound;
using SmsPortal.Settings;

namespace Microsoft.Extensions.DependencyInjection;

public static class OutboundServiceCollectionExtensions
{
    /// <summary>The outbox: the gateway client, the dispatchers for replies and forwards, manual sending.</summary>
    public static IServiceCollection AddOutbound(this IServiceCollection services)
    {
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section)
            .Validate(o => o.Type == GatewayType.None || o.IsConfigured, "Gateway:BaseUrl must be an absolute URL when Gateway:Type is set.")
            .ValidateOnStart();
        services.AddSingleton<OutboxSignals>();
        services.AddSingleton<OutboundService>();
        services.AddSingleton<OutboundStatusUpdater>();
        services.AddSingleton<WorkspaceSettingsService>();

        // Short, bounded retries inside one attempt; the outbox retries for longer, with backoff, across attempts.
        // Retrying a POST is safe: the outbox id travels as the idempotency key.
        services.AddHttpClient<IGatewayClient, GenericRestGateway>()
            .AddResilienceHandler("gateway", (pipeline, context) =>
            {
                var timeout = context.ServiceProvider.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue.Timeout;
                pipeline.AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.FromMilliseconds(200), UseJitter = true });
                pipeline.AddTimeout(timeout);
            });
        services.AddHttpClient(ForwardDispatcher.HttpClientName)
            .AddResilienceHandler("forward", pipeline =>
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.FromMilliseconds(200), UseJitter = true });
                pipeline.AddTimeout(TimeSpan.FromSeconds(10));
            });

        services.AddHostedService<OutboundDispatcher>();
        services.AddHostedService<ForwardDispatcher>();
        return services;
    }
}
