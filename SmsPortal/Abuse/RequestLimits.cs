using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SmsPortal.Abuse;

/// <summary>
/// The partitions of the global rate limiter: account forms per client address; webhooks per endpoint and per address.
/// Everything else is not limited here. The client address is the connection's, or the one a configured reverse proxy
/// forwards (<c>ReverseProxy:KnownProxies</c>); without a proxy configured, X-Forwarded-For is ignored.
/// </summary>
internal static class RequestLimits
{
    private static readonly string[] AccountForms =
        ["/Account/Login", "/Account/Register", "/Account/ForgotPassword", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode", "/Account/ResendEmailConfirmation"];

    public static PartitionedRateLimiter<HttpContext> Create(IOptionsMonitor<RateLimitOptions> options) => PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (!IsAccountForm(context.Request))
            {
                return RateLimitPartition.GetNoLimiter("");
            }
            var limit = options.CurrentValue.AccountFormsPerMinute;
            return RateLimitPartition.GetFixedWindowLimiter("forms:" + Address(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
            });
        }),
        PartitionedRateLimiter.Create<HttpContext, string>(context => HookEndpoint(context.Request) is { } endpoint
            ? RateLimitPartition.GetTokenBucketLimiter("hook:" + endpoint, _ => PerSecond(options.CurrentValue.HookPerEndpointPerSecond))
            : RateLimitPartition.GetNoLimiter("")),
        PartitionedRateLimiter.Create<HttpContext, string>(context => HookEndpoint(context.Request) is not null
            ? RateLimitPartition.GetTokenBucketLimiter("hook-ip:" + Address(context), _ => PerSecond(options.CurrentValue.HookPerAddressPerSecond))
            : RateLimitPartition.GetNoLimiter("")));

    /// <summary>429 with Retry-After; problem JSON for the hooks, a short page for people.</summary>
    public static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        var detail = $"Too many requests from here. Try again in {retryAfter} second(s).";
        if (HookEndpoint(context.Request) is not null)
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: detail).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(detail, cancellationToken);
    }

    public static string Address(HttpContext context) => (context.Connection.RemoteIpAddress ?? IPAddress.None).ToString();

    private static bool IsAccountForm(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (AccountForms.Any(path => request.Path.Equals(path, StringComparison.OrdinalIgnoreCase)) || request.Path.StartsWithSegments("/invite"));

    private static string? HookEndpoint(HttpRequest request) =>
        request.Path.StartsWithSegments("/hooks/sms", out var rest) && rest.Value is { Length: > 1 } id ? id[1..].Split('/')[0] : null;

    private static TokenBucketRateLimiterOptions PerSecond(int rate) => new()
    {
        TokenLimit = rate, TokensPerPeriod = rate, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0, AutoReplenishment = true,
    };
}
