using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;
using SmsPortal.Messages;
using SmsPortal.Outbound;
using SmsPortal.Work;

namespace SmsPortal.Monitoring;

/// <summary>
/// Queue depths and the age of each queue's oldest item, counted in the database every 15 seconds (so every node
/// reports the same cluster-wide numbers) and served as gauges.
/// </summary>
internal sealed class QueueGauges : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private readonly IDbContextFactory<AppDbContext> _dbFactory;
    private readonly TimeProvider _time;
    private readonly ILogger<QueueGauges> _logger;
    private volatile IReadOnlyList<(string Queue, long Depth, double OldestSeconds)> _latest = [];

    public QueueGauges(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, ILogger<QueueGauges> logger)
    {
        (_dbFactory, _time, _logger) = (dbFactory, time, logger);
        WorkMetrics.Meter.CreateObservableGauge("smsportal.queue.depth", () => _latest.Select(q => new Measurement<long>(q.Depth, Tag(q.Queue))), "{item}",
            "Items waiting in each queue: pending (inbound), outbox, forwards, parked (inbound that failed for good).");
        WorkMetrics.Meter.CreateObservableGauge("smsportal.queue.oldest_age", () => _latest.Select(q => new Measurement<double>(q.OldestSeconds, Tag(q.Queue))), "s",
            "How long the oldest waiting item of each queue has waited.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _latest = await SampleAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                _logger.LogDebug(ex, "Sampling queue depths failed");
            }
            await Task.Delay(Interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<IReadOnlyList<(string, long, double)>> SampleAsync(CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var pending = db.InboundMessages.Where(m => m.Status == ProcessingStatus.Pending).Select(m => m.StoredAt);
        var parked = db.InboundMessages.Where(m => m.Status == ProcessingStatus.Failed).Select(m => m.StoredAt);
        var outbox = db.OutboundMessages.Where(m => m.Status == OutboundStatus.Queued || m.Status == OutboundStatus.Sending).Select(m => m.CreatedAt);
        var forwards = db.ForwardDeliveries.Where(f => f.Status == OutboundStatus.Queued).Select(f => f.CreatedAt);
        return
        [
            await MeasureAsync("pending", pending, now, cancellationToken),
            await MeasureAsync("parked", parked, now, cancellationToken),
            await MeasureAsync("outbox", outbox, now, cancellationToken),
            await MeasureAsync("forwards", forwards, now, cancellationToken),
        ];
    }

    private static async Task<(string, long, double)> MeasureAsync(string queue, IQueryable<DateTimeOffset> items, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var depth = await items.LongCountAsync(cancellationToken);
        var oldest = depth == 0 ? now : await items.OrderBy(t => t).FirstAsync(cancellationToken);
        return (queue, depth, Math.Max(0, (now - oldest).TotalSeconds));
    }

    private static KeyValuePair<string, object?> Tag(string queue) => new("queue", queue);
}
