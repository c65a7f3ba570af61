using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.GatewayConnect.Management;
using SmsPortal.Outbound;
using SmsPortal.Team;
using SmsPortal.Webhooks;

namespace SmsPortal.GatewayConnect;

/// <summary>"212 re-sent, 209 already here, 3 new": what a catch-up brought so far.</summary>
public sealed record CatchUpSummary(Guid RunId, DateTimeOffset Since, DateTimeOffset Until, int Devices, int Resent, int AlreadyHere, int New, bool HoldReplies)
{
    public string Text => $"{Resent:N0} re-sent, {AlreadyHere:N0} already here, {New:N0} new";
}

/// <summary>
/// After a gap, asks SMSGate to have each phone post its received messages of the window again. They come back as
/// ordinary <c>sms:received</c> webhooks: those already stored are dropped as duplicates by their idempotency key,
/// the missing ones are stored and processed, with their auto-replies held back unless the user chose otherwise.
/// </summary>
public sealed class CatchUpService(
    IDbContextFactory<AppDbContext> dbFactory,
    GatewayConnector connector,
    GatewaySettingsService gatewaySettings,
    IMemoryCache cache,
    TimeProvider time) : IHeldReplies
{
    public const string Requested = "gateway.catchup.requested";
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(7);
    private static readonly TimeSpan HoldFor = TimeSpan.FromHours(2);

    public async Task<CatchUpSummary> RequestAsync(Guid workspaceId, Actor actor, TimeSpan window, bool sendReplies, CancellationToken cancellationToken = default)
    {
        if (window <= TimeSpan.Zero || window > MaxWindow)
        {
            throw new UserInputException($"Choose a window between 1 minute and {MaxWindow.TotalDays:0} days.");
        }
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        }
        var connection = await connector.FindAsync(workspaceId, GatewayType.SmsGate, cancellationToken)
            ?? throw new UserInputException("Catching up needs a connected SMSGate: textbee and httpSMS have no API that re-sends received messages.");
        var settings = await gatewaySettings.EffectiveAsync(workspaceId, cancellationToken);
        if (!settings.IsWorkspaceGateway || settings.Type != GatewayType.SmsGate)
        {
            throw new UserInputException("This team's gateway is no longer SMSGate: connect it again to catch up.");
        }
        var api = (SmsGateManagement)connector.Api(GatewayType.SmsGate);
        var now = time.GetUtcNow();
        var since = now - window;
        var devices = await GatewayConnector.CallAsync(() => api.DevicesAsync(settings, cancellationToken));
        var run = new CatchUpRun
        {
            WorkspaceId = workspaceId, EndpointId = connection.EndpointId, RequestedAt = now, Since = since, Until = now,
            HoldReplies = !sendReplies, Devices = devices.Count,
        };
        // Saved before the phones are asked: their re-sends can arrive before SMSGate has even answered.
        await SaveAsync(run, actor, window, cancellationToken);
        try
        {
            foreach (var device in devices)
            {
                await GatewayConnector.CallAsync(async () =>
                {
                    await api.RequestResendAsync(settings, device.Id, since, now, cancellationToken);
                    return true;
                });
            }
        }
        catch (UserInputException)
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.CatchUpRuns.Where(r => r.Id == run.Id).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
        return await SummaryAsync(workspaceId, run.Id, cancellationToken) ?? throw new InvalidOperationException("The catch-up was not saved.");
    }

    private async Task SaveAsync(CatchUpRun run, Actor actor, TimeSpan window, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.CatchUpRuns.Add(run);
            db.AddAudit(run.WorkspaceId, actor, Requested, run.EndpointId, run.RequestedAt,
                $"{window.TotalHours:0.#} h from {run.Devices} phone(s), replies {(run.HoldReplies ? "held back" : "sent")}");
            await db.SaveChangesAsync(cancellationToken);
        }
        cache.Remove(CacheKey(run.EndpointId));
    }

    /// <summary>The summary of a run so far: messages of its window that reached the endpoint since it was requested.</summary>
    public async Task<CatchUpSummary?> SummaryAsync(Guid workspaceId, Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.CatchUpRuns.AsNoTracking().SingleOrDefaultAsync(r => r.WorkspaceId == workspaceId && r.Id == runId, cancellationToken);
        if (run is null)
        {
            return null;
        }
        var inWindow = db.InboundMessages.Where(m => m.WorkspaceId == workspaceId && m.EndpointId == run.EndpointId
            && m.ReceivedAt >= run.Since && m.ReceivedAt <= run.Until);
        var fresh = await inWindow.CountAsync(m => m.StoredAt >= run.RequestedAt, cancellationToken);
        var again = await db.DeliveryLog
            .Where(e => e.WorkspaceId == workspaceId && e.EndpointId == run.EndpointId && e.At >= run.RequestedAt && e.Outcome == DeliveryOutcome.Duplicate)
            .Join(inWindow, e => e.MessageId, m => m.Id, (e, m) => e.Id)
            .CountAsync(cancellationToken);
        return new CatchUpSummary(run.Id, run.Since, run.Until, run.Devices, fresh + again, again, fresh, run.HoldReplies);
    }

    /// <summary>The workspace's latest run, for the page to show after a reload.</summary>
    public async Task<CatchUpSummary?> LatestAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var id = await db.CatchUpRuns.Where(r => r.WorkspaceId == workspaceId).OrderByDescending(r => r.RequestedAt).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);
        return id is { } runId ? await SummaryAsync(workspaceId, runId, cancellationToken) : null;
    }

    /// <summary>
    /// A message is held when a recent run of its endpoint that holds replies covers its receive time: live messages
    /// are received after the run's end and are never held.
    /// </summary>
    public async ValueTask<bool> HoldsAsync(string endpointId, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var windows = await cache.GetOrCreateAsync(CacheKey(endpointId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(5);
            var after = time.GetUtcNow() - HoldFor;
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await db.CatchUpRuns.AsNoTracking()
                .Where(r => r.EndpointId == endpointId && r.HoldReplies && r.RequestedAt >= after)
                .Select(r => new { r.Since, r.Until })
                .ToListAsync(cancellationToken);
        });
        return windows!.Any(w => receivedAt >= w.Since && receivedAt <= w.Until);
    }

    private static string CacheKey(string endpointId) => "catchup:" + endpointId;
}
