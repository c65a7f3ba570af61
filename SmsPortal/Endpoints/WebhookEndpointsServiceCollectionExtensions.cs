using SmsPortal.Endpoints;

namespace Microsoft.Extensions.DependencyInjection;

public static class WebhookEndpointsServiceCollectionExtensions
{
    /// <summary>The registered webhook endpoints: their <c>whsec_</c> secrets, rotation, and their public hook URLs.</summary>
    public static IServiceCollection AddWebhookEndpoints(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<SigningSecrets>();
        services.AddSingleton<EndpointDirectory>();
        services.AddSingleton<EndpointService>();
        services.AddSingleton<HookUrls>();
        return services;
    }
}
