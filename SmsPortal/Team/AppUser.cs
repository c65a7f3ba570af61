using Microsoft.AspNetCore.Identity;

namespace SmsPortal.Team;

public sealed class AppUser : IdentityUser
{
    public string? DisplayName { get; set; }
    /// <summary>IANA zone every time in the portal is shown in for this person; null: the browser's, else the workspace's.</summary>
    public string? TimeZone { get; set; }
}
