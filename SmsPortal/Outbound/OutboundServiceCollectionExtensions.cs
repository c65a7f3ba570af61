using System.Net.Http;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Microsoft.Extensions.Options;
using SmsPortal.Outbound;
using SmsPortal.Outbound.Actions;
using SmsPortal.Processing;
using SmsPortal.Outbound.Gateways;
using SmsPortal.Work;

namespace Microsoft.Extensions.DependencyInjection;

public static class OutboundServiceCollectionExtensions
{
    /// <summary>The outbox: the reply and forward rule actions, the gateway clients, the dispatchers for replies and forwards, manual sending.</summary>
    public static IServiceCollection AddOutbound(this IServiceCollection services)
    {
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddSingleton<OutboundService>();
        services.AddSingleton<IDeliveryReports, DeliveryReports>();
        services.AddSingleton<IRuleActionHandler, ReplyHandler>();
        services.AddSingleton<IRuleActionHandler, ForwardHandler>();

        // One typed client per gateway; the selector hands each send to the one Gateway:Type names at that moment.
        services.AddSingleton<IGatewayClient, GatewayClientSelector>();
        services.AddSingleton<GatewayHttpClients>();
        // Short, bounded retries inside one attempt; the outbox retries for longer, with backoff, across attempts.
        // Retrying a POST is safe only where the gateway honours our id: the generic gateway's Idempotency-Key and
        // SMSGate's message id (a known id is refused with 409, which maps to sent).
        services.AddGatewayAdapter<GenericRestGateway>(GatewayOptions.TakesIdempotencyKey(GatewayType.Generic));
        services.AddGatewayAdapter<SmsGateGateway>(GatewayOptions.TakesIdempotencyKey(GatewayType.SmsGate));
        // No idempotency key (textbee, Twilio) or none we can rely on (httpSMS's request_id is for tracking): a
        // retried POST whose first try reached the gateway is a second SMS, so these retry only when the request
        // surely never left (no connection). The outbox retries them later only for answers that prove the same
        // (408, 429, 503); a send whose fate is unknown is failed with that reason (see OutboundSettlement).
        services.AddGatewayAdapter<TextbeeGateway>(GatewayOptions.TakesIdempotencyKey(GatewayType.Textbee));
        services.AddGatewayAdapter<HttpSmsGateway>(GatewayOptions.TakesIdempotencyKey(GatewayType.HttpSms));
        services.AddGatewayAdapter<TwilioGateway>(GatewayOptions.TakesIdempotencyKey(GatewayType.Twilio));

        // Forward targets are typed by workspace users: the hardened client, never the system's.
        services.AddHttpClient(ForwardDispatcher.HttpClientName).UseTenantEgress()
            .AddResilienceHandler("forward", pipeline =>
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.FromMilliseconds(200), UseJitter = true });
                pipeline.AddTimeout(TimeSpan.FromSeconds(10));
            });

        services.AddWork();
        services.AddQueueOptions(QueueOptions.Outbound, GatewayOptions.Section, o => (o.MaxAttempts, o.RetryDelay, o.MaxInFlightPerWorkspace) = (10, TimeSpan.FromSeconds(1), 32));
        services.AddQueueOptions(QueueOptions.Forward, "Forwarding");
        services.AddHostedService<OutboundDispatcher>();
        services.AddHostedService<ForwardDispatcher>();
        return services;
    }

    /// <summary>
    /// The adapter, its client for the installation's gateway and its client for workspace gateways (which only
    /// reaches the addresses <c>Outbound:AllowedDestinations</c> and the public internet allow).
    /// </summary>
    private static void AddGatewayAdapter<TAdapter>(this IServiceCollection services, bool idempotent) where TAdapter : class, IGatewayAdapter
    {
        services.AddTransient<TAdapter>();
        var name = GatewayHttpClients.ClientName(typeof(TAdapter));
        services.AddHttpClient(name).AddGatewayResilience(name, idempotent);
        services.AddHttpClient(name + GatewayHttpClients.WorkspaceSuffix).UseTenantEgress().AddGatewayResilience(name + GatewayHttpClients.WorkspaceSuffix, idempotent);
    }

    /// <summary>Up to two quick retries and a per-try timeout of <c>Gateway:Timeout</c>.</summary>
    private static void AddGatewayResilience(this IHttpClientBuilder builder, string name, bool idempotent)
    {
        builder.AddResilienceHandler(name, (pipeline, context) =>
        {
            var timeout = context.ServiceProvider.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue.Timeout;
            var retry = new HttpRetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.FromMilliseconds(200), UseJitter = true };
            if (!idempotent)
            {
                retry.ShouldHandle = args => ValueTask.FromResult(NeverReachedGateway(args.Outcome.Exception));
            }
            pipeline.AddRetry(retry);
            pipeline.AddTimeout(timeout);
        });
    }

    internal static bool NeverReachedGateway(Exception? exception) => GatewayHttp.NeverReached(exception);

    /// <summary>Lets each workspace set its own gateway in the portal (credentials encrypted in the database).</summary>
    public static IServiceCollection AddWorkspaceGateways(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddOptions<SharedGatewayOptions>().BindConfiguration(SharedGatewayOptions.Section)
            .Validate(o => o.Valid(), "Outbound:SharedGatewayFor must be First, All, None or a comma-separated list of workspace ids (First may be one of them).")
            .ValidateOnStart();
        services.AddSingleton<SharedGatewayPolicy>();
        services.AddSingleton<GatewaySettingsService>();
        return services;
    }
}
