using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Options;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Settings;
using SmsPortal.Webhooks;
using SmsPortal.Work;

namespace SmsPortal.Outbound;

/// <summary>
/// Delivers "forward to URL" actions: the message as JSON, signed with the workspace's forwarding secret in the
/// same <c>X-Signature</c> scheme as our own hook, so the receiver verifies it the same way. Each delivery is
/// claimed under a lease (its attempt counted in the claim, so one that throws cannot block the queue), sent with
/// its id as <c>Idempotency-Key</c> and settled on its own; one a dead node left half-done is sent again when its
/// lease runs out. Retried with backoff; a 4xx (other than 408/429) fails it for good.
/// </summary>
public sealed class ForwardDispatcher(
    IDbContextFactory<AppDbContext> dbFactory,
    IHttpClientFactory httpClients,
    WorkspaceSettingsService settings,
    LeaseStore leases,
    OutboxSignals signals,
    IOptionsMonitor<QueueOptions> queues,
    TimeProvider time,
    ILogger<ForwardDispatcher> logger) : QueueWorker<ForwardDelivery>(signals.Forward, queues, QueueOptions.Forward, logger)
{
    public const string HttpClientName = "forward";

    protected override int MaxInFlight => 16;

    protected override int MaxInFlightPerWorkspace => Options.MaxInFlightPerWorkspace;

    protected override TimeSpan IdlePoll => TimeSpan.FromSeconds(5);

    protected override async Task<Claim<ForwardDelivery>> ClaimAsync(int capacity, IReadOnlyCollection<Guid> full, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var working = Working;
        var candidates = await db.ForwardDeliveries
            .Where(f => f.Status == OutboundStatus.Queued && (f.NextAttemptAt == null || f.NextAttemptAt <= now) && !full.Contains(f.WorkspaceId))
            .Where(f => !working.Contains(f.Id))
            .Where(LeaseStore.LeaseFree<ForwardDelivery>(now))
            .OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.WorkspaceId })
            .Take(capacity * 8)
            .ToListAsync(cancellationToken);
        var chosen = FairShare.Pick([.. candidates.Select(c => (c.Id, c.WorkspaceId))], RoomFor, capacity);
        return await leases.ClaimAsync(db, Queue, db.ForwardDeliveries.Where(f => chosen.Contains(f.Id)), f => f.Status == OutboundStatus.Queued, Options.LeaseDuration,
            set => set.SetProperty(f => f.Attempts, f => f.Attempts + 1), cancellationToken);
    }

    protected override Task<int> RenewAsync(string owner, IReadOnlyCollection<string> ids, TimeSpan lease, CancellationToken cancellationToken) =>
        leases.RenewAsync<ForwardDelivery>(dbFactory, owner, ids, lease, cancellationToken);

    protected override async Task RunAsync(IReadOnlyList<ForwardDelivery> unit, string owner, CancellationToken cancellationToken)
    {
        var forward = unit[0];
        var (error, status, permanent) = await SendAsync(forward, cancellationToken);
        var now = time.GetUtcNow();
        if (error is null)
        {
            await SettleAsync(forward, owner, set =>
            {
                set.SetProperty(f => f.Status, OutboundStatus.Sent);
                set.SetProperty(f => f.SentAt, now);
                set.SetProperty(f => f.FailureReason, (string?)null);
            }, status);
            return;
        }
        var reason = error.Length <= 1000 ? error : error[..1000];
        if (permanent || forward.Attempts >= Options.MaxAttempts)
        {
            await SettleAsync(forward, owner, set =>
            {
                set.SetProperty(f => f.Status, OutboundStatus.Failed);
                set.SetProperty(f => f.FailureReason, reason);
            }, status);
            return;
        }
        var next = now + Options.Backoff(forward.Attempts);
        await SettleAsync(forward, owner, set =>
        {
            set.SetProperty(f => f.FailureReason, reason);
            set.SetProperty(f => f.NextAttemptAt, next);
        }, status);
    }

    private async Task<(string? Error, int? Status, bool Permanent)> SendAsync(ForwardDelivery forward, CancellationToken cancellationToken)
    {
        try
        {
            var secret = Encoding.UTF8.GetBytes(await settings.ForwardingSecretAsync(forward.WorkspaceId, cancellationToken));
            var body = Encoding.UTF8.GetBytes(forward.Payload);
            using var request = new HttpRequestMessage(HttpMethod.Post, forward.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.TryAddWithoutValidation(SignatureVerifier.HeaderName, SignatureVerifier.Sign(body, secret));
            request.Headers.TryAddWithoutValidation("Idempotency-Key", forward.Id);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            var error = response.IsSuccessStatusCode ? null : Egress.EgressFailure.Describe(response.StatusCode);
            return (error, (int)response.StatusCode, Egress.EgressFailure.IsPermanent(response.StatusCode));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Forward {ForwardId} to its URL failed", forward.Id);
            var refused = Egress.DestinationRefusedException.In(ex) is not null || ex is UriFormatException or InvalidOperationException;
            return (Egress.EgressFailure.Describe(ex), null, refused);
        }
    }

    private async Task SettleAsync(ForwardDelivery forward, string owner, Action<UpdateSettersBuilder<ForwardDelivery>> set, int? status)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.ForwardDeliveries.Where(f => f.Id == forward.Id && f.LeaseOwner == owner).ExecuteUpdateAsync(s =>
        {
            set(s);
            s.SetProperty(f => f.LastStatusCode, f => status ?? f.LastStatusCode);
            s.SetProperty(f => f.LeaseOwner, (string?)null);
            s.SetProperty(f => f.LeaseExpiresAt, (DateTimeOffset?)null);
        });
    }
}
