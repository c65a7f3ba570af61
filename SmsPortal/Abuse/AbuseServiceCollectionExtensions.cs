using SmsPortal.Abuse;

namespace Microsoft.Extensions.DependencyInjection;

public static class AbuseServiceCollectionExtensions
{
    /// <summary>Rate limits (ASP.NET Core's limiter) for the account forms, invite links and webhooks; login and send throttles.</summary>
    public static IServiceCollection AddAbuseLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.Valid(), "RateLimits: every limit must be positive and MaxLoginDelay at least FirstLoginDelay.")
            .ValidateOnStart();
        services.AddRateLimiter(limiter => limiter.OnRejected = RequestLimits.OnRejectedAsync);
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<Microsoft.Extensions.Options.IOptionsMonitor<RateLimitOptions>>((limiter, limits) => limiter.GlobalLimiter = RequestLimits.Create(limits));
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<SendLimiter>();
        return services;
    }
}
