using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SmsPortal.ApiKeys;

namespace SmsPortal.Api;

/// <summary>Per-key limit on every API route: a token bucket per key; a request over it gets 429 and Retry-After.</summary>
public sealed class ApiKeyRateLimit(IOptionsMonitor<ApiOptions> options) : IEndpointFilter, IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _limiter = PartitionedRateLimiter.Create<Guid, Guid>(keyId =>
    {
        var perMinute = options.CurrentValue.RequestsPerKeyPerMinute;
        return RateLimitPartition.GetTokenBucketLimiter(keyId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = Math.Max(1, perMinute / 60),
            ReplenishmentPeriod = TimeSpan.FromSeconds(perMinute >= 60 ? 1 : 60.0 / perMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    });

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        using var lease = _limiter.AttemptAcquire(context.HttpContext.ApiKey().Id);
        if (lease.IsAcquired)
        {
            return await next(context);
        }
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            detail: $"This key has made {options.CurrentValue.RequestsPerKeyPerMinute} requests in the last minute. Try again in {seconds} second(s).");
    }

    public void Dispose() => _limiter.Dispose();
}
