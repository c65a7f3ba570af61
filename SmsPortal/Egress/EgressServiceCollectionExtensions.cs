using System.Net.Http;
using SmsPortal.Egress;

namespace Microsoft.Extensions.DependencyInjection;

public static class EgressServiceCollectionExtensions
{
    /// <summary>The policy for calls to URLs that workspace users type (their gateway, forward targets).</summary>
    public static IServiceCollection AddEgress(this IServiceCollection services)
    {
        services.AddOptions<EgressOptions>().BindConfiguration(EgressOptions.Section)
            .Validate(o => o.MaxResponseBytes is > 0 and <= 16 * 1024 * 1024, $"{EgressOptions.Section}:MaxResponseBytes must be between 1 and 16777216.")
            .ValidateOnStart();
        services.AddSingleton<HostResolver>();
        services.AddSingleton<DestinationPolicy>();
        services.AddSingleton<ForwardTargets>();
        return services;
    }

    /// <summary>
    /// Makes this client safe for workspace URLs: connections only to addresses <see cref="DestinationPolicy"/> allows,
    /// no system proxy (which would hide the destination), no redirects, small response headers.
    /// </summary>
    public static IHttpClientBuilder UseTenantEgress(this IHttpClientBuilder builder) =>
        builder.ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
        {
            ConnectCallback = services.GetRequiredService<DestinationPolicy>().ConnectAsync,
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            MaxResponseHeadersLength = 16,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        });
}
