using Microsoft.AspNetCore.Authentication;
using SmsPortal.ApiKeys;

namespace Microsoft.Extensions.DependencyInjection;

public static class ApiKeysServiceCollectionExtensions
{
    /// <summary>Workspace API keys, the bearer scheme that authenticates them, and one authorization policy per scope.</summary>
    public static IServiceCollection AddApiKeys(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyService>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(options =>
        {
            foreach (var scope in ApiScopes.All)
            {
                options.AddPolicy(ApiKeyPolicies.For(scope), p => p
                    .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                    .RequireAuthenticatedUser()
                    .RequireAssertion(c => ApiScopes.Grants(c.User.FindAll(ApiScopes.ClaimType).Select(s => s.Value), scope)));
            }
        });
        return services;
    }
}

public static class ApiKeyPolicies
{
    public static string For(string scope) => "api-scope:" + scope;
}
