using SmsPortal.Team;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>Signs in over HTTP through the real login form, and adds Agents to a workspace directly (faster than an invite link).</summary>
internal static class PortalSignIn
{
    public const string Password = TestUsers.Password;

    public static async Task<HttpClient> SignInAsync(PortalAppFactory app, string email)
    {
        var client = app.CreateClient();
        var response = await PostLoginAsync(client, email, Password);
        response.EnsureSuccessStatusCode();
        Assert.NotEqual("/Account/Login", response.RequestMessage?.RequestUri?.AbsolutePath);
        return client;
    }

    /// <summary>Fills and posts the login form as a browser would; the answer is the page the login leads to.</summary>
    public static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password) =>
        PortalForms.PostAsync(client, "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    public static async Task<string> AddAgentAsync(PortalAppFactory app, Guid workspaceId) =>
        (await app.MemberAsync(workspaceId, role: WorkspaceRole.Agent)).Name;
}
