using Microsoft.EntityFrameworkCore;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Outbound;
using SmsPortal.Settings;
using SmsPortal.Webhooks;

namespace SmsPortal.Dashboard;

public sealed record DailyCount(DateOnly Day, int In, int Out);

public sealed record RuleHits(string Id, string Name, long HitCount, DateTimeOffset? LastFiredAt);

/// <summary>The steps of a new workspace: register an endpoint, send it a (test) delivery, create a rule.</summary>
public sealed record GettingStarted(bool HasEndpoint, bool HasDelivery, bool HasRule)
{
    public bool IsComplete => HasEndpoint && HasDelivery && HasRule;
}

public sealed record DashboardStats(
    string TimeZone,
    int InToday,
    int OutToday,
    IReadOnlyList<DailyCount> Days,
    IReadOnlyList<RuleHits> TopRules,
    int WebhookFailuresLastDay,
    int WebhookFailuresLastWeek,
    int OutboundQueued,
    int OutboundFailedLastWeek,
    GettingStarted Checklist);

/// <summary>
/// The numbers on the dashboard. Every query is bounded by the workspace and a time range on an index: inbound
/// messages by their time-ordered id (<c>IX_InboundMessages_WorkspaceId_Id</c>), outbound by
/// <c>(WorkspaceId, CreatedAt)</c>, the delivery log by <c>(WorkspaceId, At)</c>.
/// </summary>
public sealed class DashboardService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public const int DayCount = 30;
    private const string MessagePrefix = "msg_";

    /// <param name="timeZone">IANA zone the days are counted in; the workspace's time zone when null.</param>
    public async Task<DashboardStats> GetAsync(Guid workspaceId, string? timeZone = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        timeZone ??= (await WorkspaceSettingsService.GetAsync(db, workspaceId, cancellationToken)).TimeZone;
        var zone = IanaTimeZones.Find(timeZone);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var days = Enumerable.Range(0, DayCount + 1).Select(i => today.AddDays(i - DayCount + 1)).ToArray();
        var starts = days.Select(d => StartOf(d, zone)).ToArray();

        // SQLite keeps DateTimeOffset as a number, so days cannot be grouped in SQL portably. One range count per
        // day on the index instead: nothing is materialised, and the work is bounded by the 30 days' rows.
        var inbound = new int[DayCount];
        var outbound = new int[DayCount];
        for (var i = 0; i < DayCount; i++)
        {
            var (start, end) = (starts[i], starts[i + 1]);
            var (firstId, pastId) = (OpaqueId.TimeOrderedLowerBound(MessagePrefix, start), OpaqueId.TimeOrderedLowerBound(MessagePrefix, end));
            inbound[i] = await db.InboundMessages.CountAsync(
                m => m.WorkspaceId == workspaceId && string.Compare(m.Id, firstId) >= 0 && string.Compare(m.Id, pastId) < 0, cancellationToken);
            outbound[i] = await db.OutboundMessages.CountAsync(
                m => m.WorkspaceId == workspaceId && m.CreatedAt >= start && m.CreatedAt < end, cancellationToken);
        }
        var series = days[..DayCount].Select((d, i) => new DailyCount(d, inbound[i], outbound[i])).ToList();

        var topRules = await db.Rules.AsNoTracking()
            .Where(r => r.WorkspaceId == workspaceId && r.HitCount > 0)
            .OrderByDescending(r => r.HitCount).ThenBy(r => r.Name)
            .Take(5)
            .Select(r => new RuleHits(r.Id, r.Name, r.HitCount, r.LastFiredAt))
            .ToListAsync(cancellationToken);

        var dayAgo = now.AddDays(-1);
        var weekAgo = now.AddDays(-7);
        var failureTimes = await db.DeliveryLog.AsNoTracking()
            .Where(d => d.WorkspaceId == workspaceId && d.At >= weekAgo && d.StatusCode >= 400)
            .Select(d => d.At)
            .ToListAsync(cancellationToken);

        var queued = await db.OutboundMessages.CountAsync(
            m => m.Status == OutboundStatus.Queued && m.WorkspaceId == workspaceId, cancellationToken);
        var failed = await db.OutboundMessages.CountAsync(
            m => m.WorkspaceId == workspaceId && m.CreatedAt >= weekAgo && m.Status == OutboundStatus.Failed, cancellationToken);

        var checklist = new GettingStarted(
            HasEndpoint: await db.Endpoints.AnyAsync(e => e.WorkspaceId == workspaceId, cancellationToken),
            // The delivery log is trimmed after a while; a stored message shows a delivery got through just as well.
            HasDelivery: await db.InboundMessages.AnyAsync(m => m.WorkspaceId == workspaceId, cancellationToken)
                || await db.DeliveryLog.AnyAsync(d => d.WorkspaceId == workspaceId && d.Outcome == DeliveryOutcome.Accepted, cancellationToken),
            HasRule: await db.Rules.AnyAsync(r => r.WorkspaceId == workspaceId, cancellationToken));

        return new DashboardStats(
            zone.Id,
            series[^1].In,
            series[^1].Out,
            series,
            topRules,
            failureTimes.Count(at => at >= dayAgo),
            failureTimes.Count,
            queued,
            failed,
            checklist);
    }

    /// <summary>The instant a local day begins (the first valid local time, where midnight is skipped by DST).</summary>
    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
