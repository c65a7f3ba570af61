using SmsPortal.Api;

namespace Microsoft.Extensions.DependencyInjection;

public static class ApiServiceCollectionExtensions
{
    /// <summary>The public REST API's services, its per-key rate limit and its OpenAPI document.</summary>
    public static IServiceCollection AddPublicApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiKeyRateLimit>();
        services.AddSingleton<ApiMessages>();
        services.AddSingleton<ApiSending>();
        services.AddSingleton<SmsPortal.Common.IPeriodicCleanup>(sp => sp.GetRequiredService<ApiSending>());
        services.AddSingleton<ApiContacts>();
        services.AddOpenApi(ApiDocument.Name, ApiDocument.Configure);
        return services;
    }
}
