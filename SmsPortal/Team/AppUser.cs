using Microsoft.AspNetCore.Identity;

namespace SmsPortal.Team;

public sealed class AppUser : IdentityUser
{
    public string? DisplayName { get; set; }
}
