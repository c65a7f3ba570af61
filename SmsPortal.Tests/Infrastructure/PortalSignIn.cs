using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Data;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>Signs in over HTTP through the real login form, and adds Agents to a workspace directly (faster than an invite link).</summary>
internal static partial class PortalSignIn
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
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/Account/Login");
        var fields = HiddenInput().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(fields));
    }

    public static async Task<string> AddAgentAsync(PortalAppFactory app, Guid workspaceId)
    {
        var email = $"agent-{Guid.NewGuid():N}@example.test";
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspaceId, UserId = user.Id, Role = WorkspaceRole.Agent, JoinedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return email;
    }

    [GeneratedRegex("""<input[^>]*type="hidden"[^>]*name="(?<name>[^"]+)"[^>]*value="(?<value>[^"]*)"|<input[^>]*name="(?<name>[^"]+)"[^>]*type="hidden"[^>]*value="(?<value>[^"]*)" """)]
    private static partial Regex HiddenInput();
}
