using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsPortal.Team;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>
/// The one way tests sign in over HTTP: through the real login form (<see cref="SignInAsync"/>), or, for API tests
/// on a host made with <c>signInByHeader</c>, with a header that gives the claims the app's own sign-in would
/// (<see cref="AsUser"/>). Also adds Agents to a workspace directly (faster than an invite link).
/// </summary>
internal static class PortalSignIn
{
    public const string Password = TestUsers.Password;
    public const string Header = "X-Test-User";
    private const string HeaderSchemeName = "TestHeader";

    /// <summary>
    /// A client signed in through the login form (antiforgery token and all). With <paramref name="followRedirects"/>
    /// the client follows the login's redirect and every later one; without, it answers redirects as they come.
    /// </summary>
    public static async Task<HttpClient> SignInAsync(TestApp app, string email, bool followRedirects = true)
    {
        var client = NewClient(app, followRedirects);
        using var response = await PostLoginAsync(client, email, Password);
        if (followRedirects)
        {
            response.EnsureSuccessStatusCode();
            Assert.NotEqual("/Account/Login", response.RequestMessage?.RequestUri?.AbsolutePath);
        }
        else
        {
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Login as {email} failed: {(int)response.StatusCode}");
        }
        return client;
    }

    /// <summary>A client (cookies kept) for the host's server, signed in as nobody.</summary>
    public static HttpClient NewClient(TestApp app, bool followRedirects = true)
    {
        app.StartServer();
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = followRedirects };
        return new HttpClient(handler) { BaseAddress = app.ClientOptions.BaseAddress };
    }

    /// <summary>
    /// A client whose requests are signed in as <paramref name="email"/> by a header (the host needs
    /// <c>signInByHeader: true</c>); anonymous requests still go through the Identity cookie as usual.
    /// </summary>
    public static HttpClient AsUser(TestApp app, string email, bool followRedirects = false)
    {
        var client = NewClient(app, followRedirects);
        client.DefaultRequestHeaders.Add(Header, email);
        return client;
    }

    /// <summary>Fills and posts the login form as a browser would; the answer is the page the login leads to.</summary>
    public static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password) =>
        PortalForms.PostAsync(client, "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    public static async Task<string> AddAgentAsync(TestApp app, Guid workspaceId) =>
        (await app.MemberAsync(workspaceId, role: WorkspaceRole.Agent)).Name;

    internal static void AddHeaderScheme(IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderScheme>(HeaderSchemeName, null);
        services.PostConfigure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = HeaderSchemeName);
    }

    /// <summary>Signs the request in as the user named in <see cref="Header"/>, with the claims of the app's own claims factory.</summary>
    private sealed class HeaderScheme(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
        UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> claims)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
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
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(principal.Identities), HeaderSchemeName));
        }
    }
}
