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

    // Entries written per endpoint since its last trim, by cap (see TakeDueTrims).
    private readonly Lock _dueLock = new();
    private readonly Dictionary<string, TrimDue> _due = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Record(DeliveryLogEntry entry)
    {
        _queue.Writer.TryWrite(entry);
        _wake.Writer.TryWrite(true);
    }

    /// <summary>These entries were committed elsewhere: their endpoints are trimmed to their caps as they fill.</summary>
    public void Written(IEnumerable<DeliveryLogEntry?> entries)
    {
        Count(entries);
        _wake.Writer.TryWrite(true);
    }

    private void Count(IEnumerable<DeliveryLogEntry?> entries)
    {
        lock (_dueLock)
        {
            foreach (var entry in entries)
            {
                if (entry is null)
                {
                    continue;
                }
                var due = DueFor(entry.EndpointId);
                if (DeliveryOutcomes.Unverified.Contains(entry.Outcome))
                {
                    due.Unverified++;
                }
                else
                {
                    due.Verified++;
                }
                due.WrittenSinceLook = true;
            }
        }
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
                // Entries still to write, or endpoints still to trim (a quiet one at the next flush).
                if (batch.Count > 0 || _queue.Reader.TryPeek(out _) || TrimsPending)
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
        if (batch.Count == 0 && !TrimsPending)
        {
            return;
        }
        List<DueTrim> trims = [];
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            if (batch.Count > 0)
            {
                db.DeliveryLog.AddRange(batch);
                await db.SaveChangesAsync(CancellationToken.None);
                Count(batch);
                batch.Clear();
            }
            trims = TakeDueTrims();
            await TrimAsync(db, trims);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Could not write {Count} delivery log entries; will retry", batch.Count);
            // Trimmed at the next flush, whether the entries or only the trim after them failed.
            var settings = options.CurrentValue;
            lock (_dueLock)
            {
                foreach (var trim in trims)
                {
                    var due = DueFor(trim.EndpointId);
                    due.Verified = trim.Verified ? Math.Max(due.Verified, Slack(settings.DeliveryLogMaxEntriesPerEndpoint)) : due.Verified;
                    due.Unverified = trim.Unverified ? Math.Max(due.Unverified, Slack(settings.DeliveryLogMaxUnverifiedPerEndpoint)) : due.Unverified;
                }
            }
            if (batch.Count >= MaxBatch)
            {
                batch.RemoveRange(0, batch.Count / 2);
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// The endpoints to trim now, and to which caps. Finding the oldest entry a cap keeps walks that many entries of the
    /// index, so a busy endpoint is trimmed once a twentieth of its cap has been written since its last trim (at most
    /// 5 % over the cap while it is busy, on each node), and any endpoint once nothing new came for a flush (exactly the
    /// cap once it is quiet). Trimming at every flush walked the whole cap four times a second: 10 million entries is
    /// the largest cap the settings take.
    /// </summary>
    private List<DueTrim> TakeDueTrims()
    {
        var settings = options.CurrentValue;
        var (verifiedSlack, unverifiedSlack) = (Slack(settings.DeliveryLogMaxEntriesPerEndpoint), Slack(settings.DeliveryLogMaxUnverifiedPerEndpoint));
        List<DueTrim> trims = [];
        lock (_dueLock)
        {
            foreach (var (endpointId, due) in _due)
            {
                var quiet = !due.WrittenSinceLook;
                due.WrittenSinceLook = false;
                var verified = due.Verified > 0 && (quiet || due.Verified >= verifiedSlack);
                var unverified = due.Unverified > 0 && (quiet || due.Unverified >= unverifiedSlack);
                due.Verified = verified ? 0 : due.Verified;
                due.Unverified = unverified ? 0 : due.Unverified;
                if (verified || unverified)
                {
                    trims.Add(new DueTrim(endpointId, verified, unverified));
                }
                if (due is { Verified: 0, Unverified: 0 })
                {
                    _due.Remove(endpointId); // allowed while enumerating
                }
            }
        }
        return trims;
    }

    /// <summary>The endpoint's counts, added when it has none; under <see cref="_dueLock"/>.</summary>
    private TrimDue DueFor(string endpointId)
    {
        if (!_due.TryGetValue(endpointId, out var due))
        {
            _due[endpointId] = due = new TrimDue();
        }
        return due;
    }

    private bool TrimsPending
    {
        get
        {
            lock (_dueLock)
            {
                return _due.Count > 0;
            }
        }
    }

    private static int Slack(int cap) => Math.Max(1, cap / 20);

    private async Task TrimAsync(AppDbContext db, IReadOnlyList<DueTrim> trims)
    {
        var settings = options.CurrentValue;
        var unverified = DeliveryOutcomes.Unverified;
        foreach (var (id, verifiedDue, unverifiedDue) in trims)
        {
            if (unverifiedDue)
            {
                await KeepNewestAsync(db.DeliveryLog.Where(d => d.EndpointId == id && unverified.Contains(d.Outcome)), settings.DeliveryLogMaxUnverifiedPerEndpoint);
            }
            if (verifiedDue)
            {
                await KeepNewestAsync(db.DeliveryLog.Where(d => d.EndpointId == id && !unverified.Contains(d.Outcome)), settings.DeliveryLogMaxEntriesPerEndpoint);
            }
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

    /// <summary>Entries of one endpoint written since its last trim, by cap.</summary>
    private sealed class TrimDue
    {
        public int Verified;
        public int Unverified;
        /// <summary>Something was written since the last flush looked: the endpoint is not quiet.</summary>
        public bool WrittenSinceLook;
    }

    private readonly record struct DueTrim(string EndpointId, bool Verified, bool Unverified);
}
