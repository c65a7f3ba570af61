using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsPortal.Data;

namespace SmsPortal.Webhooks;

/// <summary>
/// The delivery log's own writer, for the entries that do not go with a stored message: requests refused before a valid
/// signature (anyone who knows the URL can send those, so they are buffered and dropped oldest-first under a flood, and
/// capped apart from the verified ones) and deliveries whose own commit failed. Verified deliveries are logged by
/// <see cref="InboundMessageStore"/> in their own transaction and reported here through <see cref="Written"/>, so the
/// endpoints they fill are trimmed to their caps as they are written. Requests to unknown endpoints are only counted,
/// with one summary line a minute.
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

    private readonly ConcurrentDictionary<string, byte> _written = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Record(DeliveryLogEntry entry)
    {
        _queue.Writer.TryWrite(entry);
        _wake.Writer.TryWrite(true);
    }

    /// <summary>Entries of these endpoints were committed elsewhere: trim them to their caps at the next flush.</summary>
    public void Written(IEnumerable<string?> endpointIds)
    {
        foreach (var id in endpointIds)
        {
            if (id is not null)
            {
                _written.TryAdd(id, 0);
            }
        }
        _wake.Writer.TryWrite(true);
    }

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
            while (true)
            {
                await _wake.Reader.ReadAsync(stoppingToken);
                await FlushAsync(batch, stoppingToken);
                if (batch.Count > 0 || _queue.Reader.TryPeek(out _))
                {
                    _wake.Writer.TryWrite(true);
                }
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
        var endpoints = batch.Select(e => e.EndpointId).ToHashSet(StringComparer.Ordinal);
        foreach (var id in _written.Keys)
        {
            _written.TryRemove(id, out _);
            endpoints.Add(id);
        }
        if (endpoints.Count == 0)
        {
            return;
        }
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            if (batch.Count > 0)
            {
                db.DeliveryLog.AddRange(batch);
                await db.SaveChangesAsync(CancellationToken.None);
                batch.Clear();
            }
            await TrimAsync(db, [.. endpoints]);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Could not write {Count} delivery log entries; will retry", batch.Count);
            // Trimmed at the next flush, whether the entries or only the trim after them failed.
            foreach (var id in endpoints)
            {
                _written.TryAdd(id, 0);
            }
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
