using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;

namespace SmsPortal.Cluster;

/// <summary>
/// Reads the change notices of the last half minute four times a second and applies each one once. A window
/// rather than "ids after the last seen" because ids of concurrent transactions can commit out of order.
/// </summary>
public sealed class ChangeFeedPoller(IDbContextFactory<AppDbContext> dbFactory, ClusterChanges changes, TimeProvider time, ILogger<ChangeFeedPoller> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KeepFor = TimeSpan.FromHours(1);

    private readonly Dictionary<long, DateTimeOffset> _seen = [];
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug(ex, "Reading change notices failed; will try again");
            }
        }
    }

    internal async Task PollAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = now - Window;
        var notices = await db.ChangeNotices.AsNoTracking().Where(n => n.At >= since).OrderBy(n => n.Id).ToListAsync(cancellationToken);
        foreach (var notice in notices.Where(n => _seen.TryAdd(n.Id, n.At)))
        {
            changes.Apply(notice);
        }
        foreach (var old in _seen.Where(s => s.Value < since - Window).Select(s => s.Key).ToList())
        {
            _seen.Remove(old);
        }
        if (now - _lastPrune > TimeSpan.FromMinutes(1))
        {
            _lastPrune = now;
            var before = now - KeepFor;
            await db.ChangeNotices.Where(n => n.At < before).ExecuteDeleteAsync(cancellationToken);
        }
    }
}
