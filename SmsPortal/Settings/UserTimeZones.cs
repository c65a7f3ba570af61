using Microsoft.EntityFrameworkCore;
using SmsPortal.Common;
using SmsPortal.Data;

namespace SmsPortal.Settings;

/// <summary>Each person's own time zone (an IANA name on their user), which every time in the portal is shown in.</summary>
public sealed class UserTimeZones(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<string?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.TimeZone).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Sets the zone; null goes back to the browser's (taken on the next visit) or the workspace's.</summary>
    public async Task SetAsync(string userId, string? zone, CancellationToken cancellationToken = default)
    {
        zone = string.IsNullOrWhiteSpace(zone) ? null : zone.Trim();
        if (zone is not null && !IanaTimeZones.IsKnown(zone))
        {
            throw new UserInputException($"'{zone}' is not a known time zone (use an IANA name such as Europe/Berlin or America/New_York).");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZone, zone), cancellationToken);
    }

    /// <summary>The browser's zone, kept only when the person has none yet (and it is one this system knows).</summary>
    public async Task<bool> DefaultFromBrowserAsync(string userId, string? browserZone, CancellationToken cancellationToken = default)
    {
        if (!IanaTimeZones.IsKnown(browserZone))
        {
            return false;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.Where(u => u.Id == userId && u.TimeZone == null)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZone, browserZone), cancellationToken) > 0;
    }
}
