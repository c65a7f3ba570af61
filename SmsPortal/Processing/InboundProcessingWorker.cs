using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsPortal.Messages;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Live;
using SmsPortal.Outbound;
using SmsPortal.Webhooks;

namespace SmsPortal.Processing;

/// <summary>
/// Takes pending messages in arrival order, at least once: a message stays pending until the transaction that
/// holds its effects commits, so one that was stored but not processed when the process died is picked up after
/// a restart. A message whose processing throws is retried with backoff and, after
/// <see cref="ProcessingOptions.MaxAttempts"/>, parked as failed with the reason; the rest of its batch goes on without it.
/// </summary>
public sealed class InboundProcessingWorker(
    IDbContextFactory<AppDbContext> dbFactory,
    InboundMessageProcessor processor,
    InboundWorkSignal signal,
    OutboxSignals outbox,
    LiveUpdates live,
    IOptions<ProcessingOptions> options,
    TimeProvider time,
    ILogger<InboundProcessingWorker> logger) : BackgroundService
{
    private const int BatchSize = 200;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int handled;
            try
            {
                handled = await ProcessBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Processing pending messages failed; will try again");
                handled = 0;
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            if (handled == 0)
            {
                await signal.WaitAsync(IdlePoll, stoppingToken);
            }
        }
    }

    /// <summary>Processes one batch; returns how many messages it settled (processed or failed).</summary>
    internal async Task<int> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var pending = await db.InboundMessages
            .Where(m => m.Status == ProcessingStatus.Pending && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
            .OrderBy(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return 0;
        }

        ProcessedBatch result;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            result = await processor.ProcessAsync(db, pending, cancellationToken);
            var processed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogDebug("Processed {Count} message(s): rules {Processing} ms, commit {Commit} ms",
                pending.Count, processed.TotalMilliseconds, (System.Diagnostics.Stopwatch.GetElapsedTime(started) - processed).TotalMilliseconds);
        }
        catch (MessageProcessingException ex)
        {
            // Nothing of this batch was saved; park the one message and let the next round redo the others.
            await RecordFailureAsync(ex.MessageId, ex.InnerException ?? ex);
            return 1;
        }

        live.PublishAll(result.Updates);
        if (result.OutboundQueued)
        {
            outbox.Outbound.Notify();
        }
        if (result.ForwardQueued)
        {
            outbox.Forward.Notify();
        }
        return pending.Count;
    }

    private async Task RecordFailureAsync(string messageId, Exception error)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var message = await db.InboundMessages.SingleAsync(m => m.Id == messageId);
        message.Attempts++;
        message.LastError = Truncate($"{error.GetType().Name}: {error.Message}", 2000);
        if (message.Attempts >= options.Value.MaxAttempts)
        {
            message.Status = ProcessingStatus.Failed;
            logger.LogError(error, "Message {MessageId} failed {Attempts} times and is parked as failed", message.Id, message.Attempts);
        }
        else
        {
            message.NextAttemptAt = time.GetUtcNow() + Backoff(message.Attempts);
            logger.LogWarning(error, "Message {MessageId} failed (attempt {Attempts}); will retry", message.Id, message.Attempts);
        }
        await db.SaveChangesAsync();
    }

    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempts), 15 * 60));

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}

public sealed class ProcessingOptions
{
    public const string Section = "Processing";

    /// <summary>How many times a message whose processing throws is tried before it is parked as failed.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;
}
