using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Live;
using SmsPortal.Notifications;
using SmsPortal.Settings;

namespace SmsPortal.GatewayConnect;

/// <summary><c>PhoneWatch</c> in appsettings.json: how often connected gateways are checked, and how long a quiet phone may be.</summary>
public sealed class PhoneWatchOptions
{
    public const string Section = "PhoneWatch";

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>No text for this long during business hours raises a notice.</summary>
    public TimeSpan QuietAfter { get; set; } = TimeSpan.FromHours(4);

    /// <summary>The same notice is not raised again within this time.</summary>
    public TimeSpan RepeatAfter { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>
/// Raises a portal notice when a connected gateway's API cannot be reached, and when no text has arrived for
/// <see cref="PhoneWatchOptions.QuietAfter"/> during the workspace's business hours (a phone that is off, offline,
/// or whose app stopped forwarding looks exactly like a quiet day, except during opening hours).
/// </summary>
public sealed class PhoneWatch(
    IDbContextFactory<AppDbContext> dbFactory,
    PhoneHealthService health,
    WorkspaceSettingsService settings,
    LiveUpdates live,
    IOptionsMonitor<PhoneWatchOptions> options,
    TimeProvider time,
    ILogger<PhoneWatch> logger) : BackgroundService
{
    public const string UnreachablePrefix = "Gateway unreachable";
    public const string QuietPrefix = "No text received";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CurrentValue.Interval, time, stoppingToken);
                await CheckAsync(time.GetUtcNow(), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.LogWarning(ex, "The phone watch could not check the connected gateways");
            }
        }
    }

    /// <summary>Checks every connected gateway once, as of <paramref name="now"/>; returns the notices raised.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        List<Guid> workspaces;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            workspaces = await db.GatewayConnections.Select(c => c.WorkspaceId).Distinct().ToListAsync(cancellationToken);
        }
        var raised = new List<string>();
        foreach (var workspaceId in workspaces)
        {
            var workspace = await settings.GetAsync(workspaceId, cancellationToken);
            foreach (var gateway in await health.GetAsync(workspaceId, cancellationToken))
            {
                if (Notice(gateway, workspace, now) is { } notice && await RaiseAsync(workspaceId, notice, now, cancellationToken))
                {
                    raised.Add(notice.Text);
                }
            }
        }
        return raised;
    }

    private (string Prefix, string Text)? Notice(GatewayHealth gateway, WorkspaceSettings workspace, DateTimeOffset now)
    {
        if (!gateway.Reachable)
        {
            return (UnreachablePrefix, $"{UnreachablePrefix}: {gateway.Problem} Replies wait in the outbox until it answers again.");
        }
        var quietAfter = options.CurrentValue.QuietAfter;
        var last = gateway.LastInbound ?? gateway.ConnectedAt;
        if (now - last < quietAfter || !InBusinessHours(workspace, now))
        {
            return null;
        }
        return (QuietPrefix, $"{QuietPrefix} from the {gateway.Type} phone for {(now - last).TotalHours:0} hours during business hours: check that the phone is on, " +
            "online and its app running, then re-fetch what it missed under Settings → Gateway.");
    }

    internal static bool InBusinessHours(WorkspaceSettings workspace, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, IanaTimeZones.Find(workspace.TimeZone));
        var clock = TimeOnly.FromDateTime(local.DateTime);
        var (from, to) = (workspace.BusinessHoursFrom, workspace.BusinessHoursTo);
        // Overnight hours belong to the day they started on.
        var overnight = to <= from;
        var startedOn = overnight && clock < to ? local.AddDays(-1).DayOfWeek : local.DayOfWeek;
        var within = overnight ? clock >= from || clock < to : clock >= from && clock < to;
        return within && workspace.BusinessDays.Has(startedOn);
    }

    private async Task<bool> RaiseAsync(Guid workspaceId, (string Prefix, string Text) notice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (prefix, text) = notice;
        var since = now - options.CurrentValue.RepeatAfter;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Notifications.AnyAsync(n => n.WorkspaceId == workspaceId && n.At >= since && n.Text.StartsWith(prefix), cancellationToken))
        {
            return false;
        }
        db.Notifications.Add(new Notification { WorkspaceId = workspaceId, At = now, Text = text.Truncate(1000), Team = null });
        await db.SaveChangesAsync(cancellationToken);
        live.Publish(new LiveUpdate(LiveUpdateKind.NotificationCreated, workspaceId));
        return true;
    }
}
