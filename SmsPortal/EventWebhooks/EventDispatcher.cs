using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsPortal.Data;
using SmsPortal.Egress;
using SmsPortal.Work;

namespace SmsPortal.EventWebhooks;

/// <summary>Wakes the event dispatcher when an event is raised or replayed.</summary>
public sealed class EventSignal : Common.WorkSignal;

/// <summary>
/// Delivers events to subscriptions: each delivery leased (so one node sends it at a time), POSTed through the
/// hardened client with Standard Webhooks headers (the event id as <c>webhook-id</c>, the same on every retry and
/// replay), every attempt logged with status, latency and the start of the answer, retried with the queue's backoff
/// and given up after its last attempt. The outcome also moves the subscription's failing streak (see <see cref="EventHealth"/>).
/// </summary>
public sealed class EventDispatcher(
    IDbContextFactory<AppDbContext> dbFactory,
    IHttpClientFactory httpClients,
    EventSigning signing,
    EventFanOut fanOut,
    EventHealth health,
    LeaseStore leases,
    EventSignal signal,
    IOptionsMonitor<QueueOptions> queues,
    IOptionsMonitor<EventWebhookOptions> options,
    IOptionsMonitor<EgressOptions> egress,
    TimeProvider time,
    ILogger<EventDispatcher> logger) : QueueWorker<EventDelivery>(signal, queues, EventWebhookOptions.Queue, logger)
{
    public const string HttpClientName = "event-webhooks";

    protected override int MaxInFlight => 16;

    protected override int MaxInFlightPerWorkspace => Options.MaxInFlightPerWorkspace;

    protected override TimeSpan IdlePoll => TimeSpan.FromSeconds(1);

    protected override async Task BeforeClaimAsync(CancellationToken cancellationToken) => await fanOut.RunAsync(cancellationToken);

    protected override async Task<Claim<EventDelivery>> ClaimAsync(int capacity, IReadOnlyCollection<Guid> full, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var candidates = await db.EventDeliveries
            .Where(d => d.Status == EventDeliveryStatus.Pending && (d.NextAttemptAt == null || d.NextAttemptAt <= now) && !full.Contains(d.WorkspaceId))
            .Where(d => db.EventSubscriptions.Any(s => s.Id == d.SubscriptionId && s.Enabled))
            .Where(LeaseStore.LeaseFree<EventDelivery>(now))
            .OrderBy(d => d.Id)
            .Select(d => new { d.Id, d.WorkspaceId })
            .Take(capacity * 8)
            .ToListAsync(cancellationToken);
        var chosen = FairShare.Pick([.. candidates.Select(c => (c.Id, c.WorkspaceId))], RoomFor, capacity);
        return await leases.ClaimAsync(db, Queue, db.EventDeliveries.Where(d => chosen.Contains(d.Id)), d => d.Status == EventDeliveryStatus.Pending,
            Options.LeaseDuration, set => set.SetProperty(d => d.Attempts, d => d.Attempts + 1), cancellationToken);
    }

    protected override Task<int> RenewAsync(string owner, IReadOnlyCollection<string> ids, TimeSpan lease, CancellationToken cancellationToken) =>
        leases.RenewAsync<EventDelivery>(dbFactory, owner, ids, lease, cancellationToken);

    protected override async Task RunAsync(IReadOnlyList<EventDelivery> unit, string owner, CancellationToken cancellationToken)
    {
        var delivery = unit[0];
        EventSubscription? subscription;
        string? payload;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            subscription = await db.EventSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == delivery.SubscriptionId, cancellationToken);
            payload = await db.WorkspaceEvents.Where(e => e.Id == delivery.EventId).Select(e => e.Payload).SingleOrDefaultAsync(cancellationToken);
        }
        var attempt = subscription is null || payload is null
            ? new AttemptResult(null, 0, "The event or its webhook was deleted.", false, true)
            : await SendAsync(subscription, delivery, payload, cancellationToken);
        await SettleAsync(delivery, owner, attempt);
        if (subscription is not null)
        {
            await health.RecordAsync(subscription.Id, attempt.Succeeded);
        }
    }

    private async Task<AttemptResult> SendAsync(EventSubscription subscription, EventDelivery delivery, string payload, CancellationToken cancellationToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("webhook-id", delivery.EventId);
            request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("webhook-signature", EventSigning.Sign(delivery.EventId, timestamp, payload, SecretsOf(subscription)));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.CurrentValue.Timeout);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var snippet = await CappedContent.ReadAsStringAsync(response.Content, Math.Min(egress.CurrentValue.MaxResponseBytes, 500), timeout.Token);
            var latency = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return response.IsSuccessStatusCode
                ? new AttemptResult((int)response.StatusCode, latency, snippet, true, false)
                : new AttemptResult((int)response.StatusCode, latency, $"{EgressFailure.Describe(response.StatusCode)}: {snippet}", false, false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Event delivery {DeliveryId} to webhook {SubscriptionId} failed: {Reason}", delivery.Id, subscription.Id, EgressFailure.Describe(ex));
            return new AttemptResult(null, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds, EgressFailure.Describe(ex), false, false);
        }
    }

    private IEnumerable<string> SecretsOf(EventSubscription subscription)
    {
        yield return signing.Unprotect(subscription.ProtectedSecret);
        if (subscription.PreviousProtectedSecret is { } previous && subscription.PreviousSecretExpiresAt > time.GetUtcNow())
        {
            yield return signing.Unprotect(previous);
        }
    }

    private async Task SettleAsync(EventDelivery delivery, string owner, AttemptResult attempt)
    {
        var now = time.GetUtcNow();
        var giveUp = attempt.Permanent || delivery.Attempts >= Options.MaxAttempts;
        var status = attempt.Succeeded ? EventDeliveryStatus.Delivered : giveUp ? EventDeliveryStatus.Failed : EventDeliveryStatus.Pending;
        DateTimeOffset? next = status == EventDeliveryStatus.Pending ? now + Options.Backoff(delivery.Attempts) : null;
        var response = attempt.Response is { Length: > 1000 } text ? text[..1000] : attempt.Response;
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.EventDeliveryAttempts.Add(new EventDeliveryAttempt
        {
            WorkspaceId = delivery.WorkspaceId,
            DeliveryId = delivery.Id,
            At = now,
            StatusCode = attempt.StatusCode,
            LatencyMs = attempt.LatencyMs,
            Response = response,
            Succeeded = attempt.Succeeded,
        });
        await db.SaveChangesAsync(CancellationToken.None);
        await db.EventDeliveries.Where(d => d.Id == delivery.Id && d.LeaseOwner == owner).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, status)
            .SetProperty(d => d.NextAttemptAt, next)
            .SetProperty(d => d.DeliveredAt, d => attempt.Succeeded ? now : d.DeliveredAt)
            .SetProperty(d => d.LastStatusCode, d => attempt.StatusCode ?? d.LastStatusCode)
            .SetProperty(d => d.LastError, attempt.Succeeded ? null : response)
            .SetProperty(d => d.LeaseOwner, (string?)null)
            .SetProperty(d => d.LeaseExpiresAt, (DateTimeOffset?)null));
    }

    private sealed record AttemptResult(int? StatusCode, int LatencyMs, string? Response, bool Succeeded, bool Permanent);
}
