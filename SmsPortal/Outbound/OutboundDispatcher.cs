using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Live;

namespace SmsPortal.Outbound;

/// <summary>
/// Sends queued messages through the configured gateway. A message is marked <c>Sending</c> (committed) before
/// the request and settled after it; one caught mid-send by a crash is sent again with the same id, which the
/// gateway uses as its idempotency key. Opted-out recipients are checked again here, at the last moment.
/// </summary>
public sealed class OutboundDispatcher(
    IDbContextFactory<AppDbContext> dbFactory,
    IServiceProvider services,
    IOptionsMonitor<GatewayOptions> options,
    OutboxSignals signals,
    LiveUpdates live,
    TimeProvider time,
    ILogger<OutboundDispatcher> logger,
    GatewaySettingsService? workspaceGateways = null) : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var onChange = options.OnChange(_ => signals.Outbound.Notify());
        await RecoverInterruptedAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            int sent;
            try
            {
                sent = await DispatchBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Dispatching outbound messages failed; will try again");
                sent = 0;
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            if (sent == 0)
            {
                await signals.Outbound.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    private async Task RecoverInterruptedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var recovered = await db.OutboundMessages.Where(m => m.Status == OutboundStatus.Sending)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboundStatus.Queued), cancellationToken);
            if (recovered > 0)
            {
                logger.LogInformation("{Count} message(s) were being sent when the app stopped; sending them again", recovered);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not recover interrupted sends");
        }
    }

    internal async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        // Only workspaces with their own gateway, or one the installation's sends for, can send; the rest stay queued.
        var sendable = workspaceGateways is null
            ? (settings.IsConfigured ? null : [])
            : await workspaceGateways.SendableWorkspacesAsync(settings.IsConfigured, cancellationToken);
        if (sendable is { Count: 0 })
        {
            return 0;
        }
        var queued = db.OutboundMessages.Where(m => m.Status == OutboundStatus.Queued && (m.NextAttemptAt == null || m.NextAttemptAt <= now));
        if (sendable is not null)
        {
            queued = queued.Where(m => sendable.Contains(m.WorkspaceId));
        }
        var due = await queued
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var contactIds = due.Select(m => m.ContactId).Distinct().ToList();
        var optedOut = (await db.Contacts.Where(c => contactIds.Contains(c.Id) && c.IsOptedOut).Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();
        var updates = new List<LiveUpdate>();
        var toSend = new List<OutboundMessage>();
        foreach (var message in due)
        {
            message.UpdatedAt = now;
            if (optedOut.Contains(message.ContactId) && !message.IsOptOutConfirmation)
            {
                Fail(message, "The recipient has opted out.");
            }
            else
            {
                message.Status = OutboundStatus.Sending;
                message.Attempts++;
                toSend.Add(message);
            }
            updates.Add(Update(message));
        }
        await db.SaveChangesAsync(CancellationToken.None);
        live.PublishAll(updates);
        updates.Clear();

        var gateway = services.GetRequiredService<IGatewayClient>();
        var results = new GatewaySendResult[toSend.Count];
        await Parallel.ForAsync(0, toSend.Count, new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentSends, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await SendOneAsync(gateway, toSend[i], ct));

        var settledAt = time.GetUtcNow();
        for (var i = 0; i < toSend.Count; i++)
        {
            var message = toSend[i];
            var result = results[i];
            message.UpdatedAt = settledAt;
            switch (result.Outcome)
            {
                case GatewaySendOutcome.Sent:
                    message.Status = OutboundStatus.Sent;
                    message.SentAt = settledAt;
                    message.GatewayMessageId = result.GatewayMessageId;
                    message.FailureReason = null;
                    message.NextAttemptAt = null;
                    break;
                case GatewaySendOutcome.PermanentFailure:
                    Fail(message, result.Error!);
                    break;
                default:
                    if (message.Attempts >= settings.MaxAttempts)
                    {
                        Fail(message, $"Gave up after {message.Attempts} attempts. Last error: {result.Error}");
                    }
                    else
                    {
                        message.Status = OutboundStatus.Queued;
                        message.FailureReason = result.Error;
                        message.NextAttemptAt = settledAt + Backoff(message.Attempts);
                    }
                    break;
            }
            updates.Add(Update(message));
        }
        await db.SaveChangesAsync(CancellationToken.None);
        live.PublishAll(updates);
        return due.Count;
    }

    private async Task<GatewaySendResult> SendOneAsync(IGatewayClient gateway, OutboundMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await gateway.SendAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Sending {OutboundId} failed unexpectedly", message.Id);
            return GatewaySendResult.Transient(ex.Message);
        }
    }

    private static void Fail(OutboundMessage message, string reason)
    {
        message.Status = OutboundStatus.Failed;
        message.FailureReason = reason.Length <= 1000 ? reason : reason[..1000];
        message.NextAttemptAt = null;
    }

    private static LiveUpdate Update(OutboundMessage message) =>
        new(LiveUpdateKind.OutboundStatusChanged, message.WorkspaceId, message.ContactId, message.Id, message.Status.ToString());

    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempts - 1), 300));
}
