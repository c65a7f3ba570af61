using Microsoft.AspNetCore.Identity;
using SmsPortal.Data;
using SmsPortal.Team;

namespace Microsoft.Extensions.DependencyInjection;

public static class TeamServiceCollectionExtensions
{
    /// <summary>ASP.NET Core Identity with EF stores, and the workspace that every user works in.</summary>
    public static IServiceCollection AddTeam(this IServiceCollection services)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddAuthorization(Policies.Add);
        services.AddIdentityCore<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>();
        services.AddOptions<RegistrationOptions>().BindConfiguration(RegistrationOptions.Section).ValidateOnStart();
        services.AddSingleton<RegistrationPolicy>();
        services.AddScoped<WorkspaceRegistration>();
        services.AddSingleton<TeamService>();
        services.AddSingleton<MemberAccess>();
        services.AddSingleton<AccountDeletion>();
        // A cookie is checked against the security stamp (bumped on role change and removal) every minute, not 30.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        return services;
    }
}
