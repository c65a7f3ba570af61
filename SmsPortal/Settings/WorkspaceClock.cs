using SmsPortal.Common;

namespace SmsPortal.Settings;

/// <summary>Hands pages the <see cref="DateTimeDisplay"/> of a workspace: its own IANA time zone, the app's clock.</summary>
public sealed class WorkspaceClock(WorkspaceSettingsService settings, TimeProvider time)
{
    public async Task<DateTimeDisplay> DisplayAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        var workspace = await settings.GetAsync(workspaceId, cancellationToken);
        return new DateTimeDisplay(IanaTimeZones.Find(workspace.TimeZone), time);
    }
}
