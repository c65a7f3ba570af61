using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Settings;
using SmsPortal.Webhooks;

namespace SmsPortal.Outbound;

/// <summary>
/// Delivers "forward to URL" actions: the message as JSON, signed with the workspace's forwarding secret in the
/// same <c>X-Signature</c> scheme as our own hook, so the receiver verifies it the same way. Retried with
/// backoff; a 4xx (other than 408/429) fails it for good.
/// </summary>
public sealed class ForwardDispatcher(
    IDbContextFactory<AppDbContext> dbFactory,
    IHttpClientFactory httpClients,
    WorkspaceSettingsService settings,
    OutboxSignals signals,
    TimeProvider time,
    ILogger<ForwardDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "forward";
    public const int MaxAttempts = 8;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await DispatchBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Forwarding failed; will try again");
            }
            if (handled == 0)
            {
                await signals.Forward.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    internal async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var due = await db.ForwardDeliveries
            .Where(f => f.Status == OutboundStatus.Queued && (f.NextAttemptAt == null || f.NextAttemptAt <= now))
            .OrderBy(f => f.Id).Take(50).ToListAsync(cancellationToken);
        var http = httpClients.CreateClient(HttpClientName);
        foreach (var forward in due)
        {
            var secret = Encoding.UTF8.GetBytes(await settings.ForwardingSecretAsync(forward.WorkspaceId, cancellationToken));
            var body = Encoding.UTF8.GetBytes(forward.Payload);
            using var request = new HttpRequestMessage(HttpMethod.Post, forward.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.TryAddWithoutValidation(SignatureVerifier.HeaderName, SignatureVerifier.Sign(body, secret));
            request.Headers.TryAddWithoutValidation("Idempotency-Key", forward.Id);

            forward.Attempts++;
            string? error;
            var permanent = false;
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                forward.LastStatusCode = (int)response.StatusCode;
                error = response.IsSuccessStatusCode ? null : Egress.EgressFailure.Describe(response.StatusCode);
                permanent = Egress.EgressFailure.IsPermanent(response.StatusCode);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
            {
                (error, permanent) = (Egress.EgressFailure.Describe(ex), Egress.DestinationRefusedException.In(ex) is not null);
            }

            if (error is null)
            {
                forward.Status = OutboundStatus.Sent;
                forward.SentAt = time.GetUtcNow();
                forward.FailureReason = null;
            }
            else if (permanent || forward.Attempts >= MaxAttempts)
            {
                forward.Status = OutboundStatus.Failed;
                forward.FailureReason = error;
            }
            else
            {
                forward.FailureReason = error;
                forward.NextAttemptAt = time.GetUtcNow() + OutboundDispatcher.Backoff(forward.Attempts);
            }
            await db.SaveChangesAsync(CancellationToken.None);
        }
        return due.Count;
    }
}
