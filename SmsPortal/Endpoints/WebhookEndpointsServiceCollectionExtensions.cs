using SmsPortal.Endpoints;

namespace Microsoft.Extensions.DependencyInjection;

public static class WebhookEndpointsServiceCollectionExtensions
{
    /// <summary>The registered webhook endpoints: their <c>whsec_</c> secrets and rotation.</summary>
    public static IServiceCollection AddWebhookEndpoints(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<SigningSecrets>();
        services.AddSingleton<EndpointDirectory>();
        services.AddSingleton<EndpointService>();
        return services;
    }
}
