using SmsPortal.Endpoints;
using SmsPortal.GatewayConnect;
using SmsPortal.GatewayConnect.Management;
using SmsPortal.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

public static class GatewayConnectServiceCollectionExtensions
{
    /// <summary>Connecting a gateway through its API, keeping its signing key in step with rotations, phone health and catch-up.</summary>
    public static IServiceCollection AddGatewayConnect(this IServiceCollection services)
    {
        // The gateway's URL is typed by a workspace user: the hardened client, with a bound on each call.
        services.AddHttpClient(ConnectHttp.ClientName, c => c.Timeout = TimeSpan.FromSeconds(15)).UseTenantEgress();
        services.AddSingleton<ConnectHttp>();
        services.AddSingleton<IGatewayManagement, SmsGateManagement>();
        services.AddSingleton<IGatewayManagement, TextbeeManagement>();
        services.AddSingleton<IGatewayManagement, HttpSmsManagement>();
        services.AddSingleton<GatewayConnector>();
        services.AddSingleton<IEndpointSecretListener, GatewayKeySync>();
        services.AddSingleton<CatchUpService>();
        services.AddSingleton<IHeldReplies>(sp => sp.GetRequiredService<CatchUpService>());
        services.AddSingleton<PhoneHealthService>();
        services.AddOptions<PhoneWatchOptions>().BindConfiguration(PhoneWatchOptions.Section)
            .Validate(o => o.Interval >= TimeSpan.FromMinutes(1) && o.QuietAfter > TimeSpan.Zero && o.RepeatAfter > TimeSpan.Zero,
                "PhoneWatch:Interval must be at least a minute; QuietAfter and RepeatAfter must be positive.")
            .ValidateOnStart();
        services.AddSingleton<PhoneWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<PhoneWatch>());
        return services;
    }
}
