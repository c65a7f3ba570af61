using Microsoft.AspNetCore.DataProtection;
using SmsPortal.Data;
using SmsPortal.Endpoints;

namespace Microsoft.Extensions.DependencyInjection;

public static class EndpointsServiceCollectionExtensions
{
    /// <summary>Registered endpoints and their secrets, encrypted with Data Protection keys kept in the database.</summary>
    public static IServiceCollection AddEndpoints(this IServiceCollection services)
    {
        // Keys live in the database so secrets stay readable across restarts, machines and containers.
        services.AddDataProtection().SetApplicationName("SmsPortal").PersistKeysToDbContext<AppDbContext>();
        services.AddMemoryCache();
        services.AddSingleton<SigningSecrets>();
        services.AddSingleton<EndpointDirectory>();
        services.AddSingleton<EndpointService>();
        return services;
    }
}
