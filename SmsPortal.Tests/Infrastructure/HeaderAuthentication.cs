using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsPortal.Team;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>
/// Signs an HTTP test request in as the registered user named in <see cref="Header"/>, with the claims the app's own
/// <see cref="IUserClaimsPrincipalFactory{TUser}"/> gives at sign-in; without the header the Identity cookie is used as usual.
/// </summary>
public sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> claims)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TestHeader";
    public const string Header = "X-Test-User";

    public static void Add(IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(SchemeName, null);
        services.PostConfigure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = SchemeName);
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers[Header].ToString() is not { Length: > 0 } email)
        {
            return await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        }
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            return AuthenticateResult.Fail("No such user.");
        }
        var principal = await claims.CreateAsync(user);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(principal.Identities), SchemeName));
    }
}
