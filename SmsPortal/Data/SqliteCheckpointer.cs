using Microsoft.EntityFrameworkCore;

namespace SmsPortal.Data;

/// <summary>
/// Moves the SQLite write-ahead log into the database file in the background. Left to itself SQLite checkpoints
/// inside whichever commit crosses 1,000 pages — often the webhook's group commit, which then waits for the copy
/// and its fsyncs while every delivery in the batch waits with it. A passive checkpoint never blocks writers.
/// </summary>
public sealed class SqliteCheckpointer(IDbContextFactory<AppDbContext> dbFactory, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckpointAsync("PRAGMA wal_checkpoint(PASSIVE);", stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await CheckpointAsync("PRAGMA wal_checkpoint(TRUNCATE);", CancellationToken.None);
    }

    private async Task CheckpointAsync(string pragma, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync(pragma, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogDebug(ex, "{Checkpoint} did not run this time", pragma);
        }
    }
}
