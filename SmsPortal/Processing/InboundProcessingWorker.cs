using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;
using SmsPortal.Webhooks;

namespace SmsPortal.Processing;

/// <summary>What happens to a stored message after the webhook has answered.</summary>
public interface IInboundMessageHandler
{
    Task HandleAsync(InboundMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Takes pending messages in arrival order, at least once: a message stays pending until its handler has
/// finished, so one that was stored but not processed when the process died is picked up after a restart.
/// A handler that throws is retried with backoff and, after <see cref="MaxAttempts"/>, parked as failed
/// with the reason.
/// </summary>
public sealed class InboundProcessingWorker(
    IDbContextFactory<AppDbContext> dbFactory,
    IInboundMessageHandler handler,
    InboundWorkSignal signal,
    TimeProvider time,
    ILogger<InboundProcessingWorker> logger) : BackgroundService
{
    public const int MaxAttempts = 8;
    private const int BatchSize = 100;
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
            }
            if (handled < BatchSize)
            {
                await signal.WaitAsync(IdlePoll, stoppingToken);
            }
        }
    }

    internal async Task<int> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var pending = await db.InboundMessages
            .Where(m => m.Status == ProcessingStatus.Pending && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
            .OrderBy(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);

        foreach (var message in pending)
        {
            try
            {
                await handler.HandleAsync(message, cancellationToken);
                message.Status = ProcessingStatus.Processed;
                message.ProcessedAt = time.GetUtcNow();
                message.NextAttemptAt = null;
                message.LastError = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                message.Attempts++;
                message.LastError = Truncate($"{ex.GetType().Name}: {ex.Message}", 2000);
                if (message.Attempts >= MaxAttempts)
                {
                    message.Status = ProcessingStatus.Failed;
                    logger.LogError(ex, "Message {MessageId} failed {Attempts} times and is parked as failed", message.Id, message.Attempts);
                }
                else
                {
                    message.NextAttemptAt = time.GetUtcNow() + Backoff(message.Attempts);
                    logger.LogWarning(ex, "Message {MessageId} failed (attempt {Attempts}); will retry", message.Id, message.Attempts);
                }
            }
            // Saved per message: a crash repeats at most the one message that was in hand.
            await db.SaveChangesAsync(CancellationToken.None);
        }
        return pending.Count;
    }

    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempts), 15 * 60));

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}

/// <summary>
/// Until the processing pipeline (rules, replies) is plugged in, a stored message only needs to be marked
/// processed. Replaced by the rules pipeline.
/// </summary>
internal sealed class MarkProcessedHandler(ILogger<MarkProcessedHandler> logger) : IInboundMessageHandler
{
    public Task HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        logger.LogDebug("Message {MessageId} from {EndpointId} processed", message.Id, message.EndpointId);
        return Task.CompletedTask;
    }
}
