using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsPortal.Data;

namespace SmsPortal.Webhooks;

/// <summary>
/// Records every hook request to a known endpoint off the request path: entries are buffered and written in batches,
/// so logging never slows or fails a delivery. Entries are kept while the database is briefly unavailable, up to a
/// cap. Each batch also trims its endpoints to their caps (verified and unverified entries apart). Requests to unknown
/// endpoints are only counted, with one summary line a minute.
/// </summary>
public sealed class DeliveryLog(IDbContextFactory<AppDbContext> dbFactory, IOptionsMonitor<WebhookOptions> options, ILogger<DeliveryLog> logger)
    : BackgroundService
{
    private long _unknownTotal;
    private long _unknownSinceSummary;
    private long _lastSummaryAt = long.MinValue;

    private const int MaxBatch = 1000;
    private const int MaxBacklog = 10_000;

    // Each flush is a write transaction competing with the webhook's own commits for SQLite's single write
    // lock; flushing at most a few times a second keeps that competition negligible.
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    private readonly Channel<DeliveryLogEntry> _queue = Channel.CreateBounded<DeliveryLogEntry>(
        new BoundedChannelOptions(MaxBacklog) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });

    public void Record(DeliveryLogEntry entry) => _queue.Writer.TryWrite(entry);

    /// <summary>Deliveries to endpoints that do not exist, since start.</summary>
    public long UnknownEndpointDeliveries => Interlocked.Read(ref _unknownTotal);

    public void CountUnknownEndpoint()
    {
        Interlocked.Increment(ref _unknownTotal);
        Interlocked.Increment(ref _unknownSinceSummary);
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastSummaryAt);
        if (now - last >= 60_000 && Interlocked.CompareExchange(ref _lastSummaryAt, now, last) == last)
        {
            logger.LogInformation("{Count} delivery(ies) to unknown endpoints since the last summary", Interlocked.Exchange(ref _unknownSinceSummary, 0));
        }
    }

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
            var endpoints = batch.Select(e => e.EndpointId).Distinct().ToList();
            batch.Clear();
            await TrimAsync(db, endpoints);
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

    private async Task TrimAsync(AppDbContext db, IReadOnlyList<string> endpointIds)
    {
        var settings = options.CurrentValue;
        var unverified = DeliveryOutcomes.Unverified;
        foreach (var id in endpointIds)
        {
            await KeepNewestAsync(db.DeliveryLog.Where(d => d.EndpointId == id && unverified.Contains(d.Outcome)), settings.DeliveryLogMaxUnverifiedPerEndpoint);
            await KeepNewestAsync(db.DeliveryLog.Where(d => d.EndpointId == id && !unverified.Contains(d.Outcome)), settings.DeliveryLogMaxEntriesPerEndpoint);
        }
    }

    private static async Task KeepNewestAsync(IQueryable<DeliveryLogEntry> entries, int keep)
    {
        var oldestKept = await entries.OrderByDescending(d => d.Id).Skip(keep - 1).Select(d => (long?)d.Id).FirstOrDefaultAsync();
        if (oldestKept is { } id)
        {
            await entries.Where(d => d.Id < id).ExecuteDeleteAsync();
        }
    }
}
