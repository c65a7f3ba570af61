using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;

namespace SmsPortal.Webhooks;

/// <summary>
/// Records every hook request off the request path: entries are buffered and written in batches, so logging
/// never slows or fails a delivery. Entries are kept while the database is briefly unavailable, up to a cap.
/// </summary>
public sealed class DeliveryLog(IDbContextFactory<AppDbContext> dbFactory, ILogger<DeliveryLog> logger) : BackgroundService
{
    private const int MaxBatch = 1000;
    private const int MaxBacklog = 10_000;

    // Each flush is a write transaction competing with the webhook's own commits for SQLite's single write
    // lock; flushing at most a few times a second keeps that competition negligible.
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    private readonly Channel<DeliveryLogEntry> _queue = Channel.CreateBounded<DeliveryLogEntry>(
        new BoundedChannelOptions(MaxBacklog) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });

    public void Record(DeliveryLogEntry entry) => _queue.Writer.TryWrite(entry);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<DeliveryLogEntry>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await FlushAsync(batch, stoppingToken);
                await Task.Delay(FlushInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Write what arrived before shutdown.
        await FlushAsync(batch, CancellationToken.None);
    }

    private async Task FlushAsync(List<DeliveryLogEntry> batch, CancellationToken cancellationToken)
    {
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var entry))
        {
            batch.Add(entry);
        }
        if (batch.Count == 0)
        {
            return;
        }
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            db.DeliveryLog.AddRange(batch);
            await db.SaveChangesAsync(CancellationToken.None);
            batch.Clear();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Could not write {Count} delivery log entries; will retry", batch.Count);
            if (batch.Count >= MaxBatch)
            {
                batch.RemoveRange(0, batch.Count / 2);
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
