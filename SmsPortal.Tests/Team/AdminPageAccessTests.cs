using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Team;

/// <summary>Roles are enforced by the server: an Agent signed in through the real login form gets no Admin page.</summary>
public sealed partial class AdminPageAccessTests : IAsyncLifetime
{
    private const string Password = TestUsers.Password;
    private const string NotAuthorized = "You do not have access to this page";
    private readonly PortalAppFactory _app = new();
    private TestEndpoint _endpoint = default!;
    private string _agentEmail = "";

    public async Task InitializeAsync()
    {
        _endpoint = await _app.CreateEndpointAsync();
        var owner = await WorkspaceOwnerAsync();
        var team = _app.Services.GetRequiredService<TeamService>();
        var invitation = await team.InviteAsync(owner.WorkspaceId, owner.Actor, WorkspaceRole.Agent);
        _agentEmail = $"agent-{Guid.NewGuid():N}@example.test";
        await team.RegisterWithInvitationAsync(invitation.Token, _agentEmail, Password);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableTheory]
    [InlineData("/endpoints")]
    [InlineData("/team")]
    [InlineData("/settings")]
    public async Task Get_AdminPageAsAgent_NotAuthorizedAndNoEndpointData(string path)
    {
        Skip.IfNot(PageExists(path), $"No page at {path} on this branch yet.");
        using var agent = await SignInAsync(_agentEmail);

        using var response = await agent.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        // Either the router's not-authorized content or the cookie handler's redirect to Access denied.
        var refused = response.StatusCode == HttpStatusCode.OK
            ? body.Contains(NotAuthorized)
            : response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("AccessDenied");
        Assert.True(refused, $"GET {path} as an Agent gave {(int)response.StatusCode}: {body[..Math.Min(300, body.Length)]}");
        Assert.DoesNotContain(_endpoint.Id, body);
        Assert.DoesNotContain(_endpoint.Email, body);
        Assert.DoesNotContain("Loop guard", body);
    }

    [SkippableTheory]
    [InlineData("/endpoints")]
    [InlineData("/team")]
    [InlineData("/settings")]
    public async Task Get_AdminPageAsOwner_Shown(string path)
    {
        Skip.IfNot(PageExists(path), $"No page at {path} on this branch yet.");
        using var owner = await SignInAsync(_endpoint.Email);

        using var response = await owner.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(NotAuthorized, body);
    }

    [Fact]
    public async Task Get_TeamAsOwner_ListsMembersAndRoles()
    {
        using var owner = await SignInAsync(_endpoint.Email);

        var body = await owner.GetStringAsync("/team");

        Assert.Contains(_agentEmail, body);
        Assert.Contains("Pending invitations", body);
    }

    [Fact]
    public async Task Get_SettingsAsOwner_ShowsFormAndGateway()
    {
        using var owner = await SignInAsync(_endpoint.Email);

        var body = await owner.GetStringAsync("/settings");

        Assert.Contains("Loop guard", body);
        Assert.Contains("the installation&#x27;s gateway (None)", body);
    }

    [Fact]
    public async Task Get_DashboardAsAgent_ShownWithoutChecklist()
    {
        using var agent = await SignInAsync(_agentEmail);

        var body = await agent.GetStringAsync("/");

        Assert.Contains("Received today", body);
        Assert.DoesNotContain("getting-started", body);
    }

    [Fact]
    public async Task Get_InviteLinkAnonymously_OffersAccountInInvitingTeam()
    {
        var owner = await WorkspaceOwnerAsync();
        var invitation = await _app.Services.GetRequiredService<TeamService>().InviteAsync(owner.WorkspaceId, owner.Actor, WorkspaceRole.Agent);
        using var anonymous = NewClient();

        var body = await anonymous.GetStringAsync($"/invite/{invitation.Token}");
        var bad = await anonymous.GetStringAsync("/invite/nope");

        Assert.Contains("Create account and join", body);
        Assert.Contains(owner.WorkspaceName.Split('\'')[0], body);
        Assert.Contains("not valid", bad);
    }

    [Fact]
    public async Task Post_InviteRegisterForm_SignsInAsAgentOfInvitingTeam()
    {
        var owner = await WorkspaceOwnerAsync();
        var invitation = await _app.Services.GetRequiredService<TeamService>().InviteAsync(owner.WorkspaceId, owner.Actor, WorkspaceRole.Agent);
        using var client = NewClient();
        var path = $"/invite/{invitation.Token}";
        var form = await client.GetStringAsync(path);

        using var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Hidden(form, "__RequestVerificationToken"),
            ["_handler"] = "join",
            ["Input.Email"] = "joiner@example.test",
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
        }));
        var dashboard = await client.GetStringAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Received today", dashboard);
        var members = await _app.Services.GetRequiredService<TeamService>().MembersAsync(owner.WorkspaceId);
        Assert.Contains(members, m => m.Email == "joiner@example.test" && m.Role == WorkspaceRole.Agent);
    }

    private async Task<PortalUser> WorkspaceOwnerAsync()
    {
        var members = await _app.Services.GetRequiredService<TeamService>().MembersAsync(_endpoint.WorkspaceId);
        var owner = members.Single(m => m.Role == WorkspaceRole.Owner);
        return new PortalUser(owner.UserId, owner.Email, _endpoint.WorkspaceId, "", WorkspaceRole.Owner) is var user
            ? user with { WorkspaceName = await WorkspaceNameAsync() }
            : user;
    }

    private async Task<string> WorkspaceNameAsync()
    {
        await using var db = _app.CreateDbContext();
        return db.Workspaces.Single(w => w.Id == _endpoint.WorkspaceId).Name;
    }

    /// <summary>Signs in through the real login form (antiforgery token and all), without following the redirect.</summary>
    private async Task<HttpClient> SignInAsync(string email)
    {
        var client = NewClient();
        using var response = await PortalSignIn.PostLoginAsync(client, email, Password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Login as {email} failed: {(int)response.StatusCode}");
        return client;
    }

    private HttpClient NewClient()
    {
        _app.StartServer();
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false };
        return new HttpClient(handler) { BaseAddress = _app.ClientOptions.BaseAddress };
    }

    private static string Hidden(string html, string name)
    {
        var input = HiddenInput().Matches(html).Select(m => m.Value).FirstOrDefault(i => i.Contains($"name=\"{name}\""))
            ?? throw new InvalidOperationException($"No hidden input '{name}' in the form.");
        return WebUtility.HtmlDecode(ValueAttribute().Match(input).Groups[1].Value);
    }

    private static bool PageExists(string path) =>
        typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Any(r => string.Equals(r.Template, path, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}
