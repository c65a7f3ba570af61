using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsPortal.Data;
using SmsPortal.Webhooks;

namespace SmsPortal.Hosting;

/// <summary>Keeps the delivery log bounded, deletes expired secrets and runs the features' clean-ups; at start and then hourly.</summary>
public sealed class Housekeeping(
    IDbContextFactory<AppDbContext> dbFactory,
    IOptions<WebhookOptions> options,
    IEnumerable<Common.IPeriodicCleanup> cleanups,
    TimeProvider time,
    ILogger<Housekeeping> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Housekeeping failed; will try again in {Interval}", Interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();

        var cutoff = now - options.Value.DeliveryLogRetention;
        var aged = await db.DeliveryLog.Where(d => d.At < cutoff).ExecuteDeleteAsync(cancellationToken);

        var cap = options.Value.DeliveryLogMaxEntriesPerWorkspace;
        var crowded = await db.DeliveryLog.GroupBy(d => d.WorkspaceId)
            .Where(g => g.Count() > cap).Select(g => g.Key).ToListAsync(cancellationToken);
        var capped = 0;
        foreach (var workspaceId in crowded)
        {
            var oldestKept = await db.DeliveryLog.Where(d => d.WorkspaceId == workspaceId)
                .OrderByDescending(d => d.At).Skip(cap - 1).Select(d => d.At).FirstAsync(cancellationToken);
            capped += await db.DeliveryLog.Where(d => d.WorkspaceId == workspaceId && d.At < oldestKept).ExecuteDeleteAsync(cancellationToken);
        }

        var secrets = await db.EndpointSecrets.Where(s => s.ExpiresAt != null && s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        if (aged + capped + secrets > 0)
        {
            logger.LogInformation("Housekeeping removed {Aged} aged and {Capped} surplus delivery log entries and {Secrets} expired secrets", aged, capped, secrets);
        }
        foreach (var cleanup in cleanups)
        {
            if (await cleanup.RunAsync(cancellationToken) is > 0 and var removed)
            {
                logger.LogInformation("Housekeeping removed {Count} {What}", removed, cleanup.Name);
            }
        }
    }
}
