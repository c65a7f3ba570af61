using SmsPortal.Common;
using SmsPortal.Team;

namespace SmsPortal.Settings;

/// <summary>
/// Hands pages the <see cref="DateTimeDisplay"/> to show times with: the person's own time zone (set by them, or
/// taken from their browser on their first visit), else their workspace's; always the app's clock.
/// </summary>
public sealed class WorkspaceClock(WorkspaceSettingsService settings, UserTimeZones users, TimeProvider time)
{
    public async Task<DateTimeDisplay> DisplayAsync(PortalUser user, CancellationToken cancellationToken = default)
    {
        if (await users.GetAsync(user.UserId, cancellationToken) is { } own && IanaTimeZones.IsKnown(own))
        {
            return new DateTimeDisplay(IanaTimeZones.Find(own), time);
        }
        return await DisplayAsync(user.WorkspaceId, cancellationToken);
    }

    /// <summary>In the workspace's zone (for what belongs to the workspace rather than a person, such as the dashboard's days).</summary>
    public async Task<DateTimeDisplay> DisplayAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        var workspace = await settings.GetAsync(workspaceId, cancellationToken);
        return new DateTimeDisplay(IanaTimeZones.Find(workspace.TimeZone), time);
    }
}
