using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SmsPortal.Common;

namespace SmsPortal.Abuse;

/// <summary>Messages queued by hand, per workspace: a token bucket of <see cref="RateLimitOptions.SendsPerWorkspacePerMinute"/>.</summary>
public sealed class SendLimiter(IOptionsMonitor<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _limiter = PartitionedRateLimiter.Create<Guid, Guid>(workspaceId =>
    {
        var perMinute = options.CurrentValue.SendsPerWorkspacePerMinute;
        return RateLimitPartition.GetTokenBucketLimiter(workspaceId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute, TokensPerPeriod = perMinute, ReplenishmentPeriod = TimeSpan.FromMinutes(1), QueueLimit = 0,
        });
    });

    /// <exception cref="UserInputException">The workspace has used its sends for now.</exception>
    public void Take(Guid workspaceId)
    {
        using var lease = _limiter.AttemptAcquire(workspaceId);
        if (!lease.IsAcquired)
        {
            throw new UserInputException(
                $"This team has sent {options.CurrentValue.SendsPerWorkspacePerMinute} messages in the last minute: wait a moment and send again.");
        }
    }

    public void Dispose() => _limiter.Dispose();
}
