using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Team;

/// <summary><c>Registration:Mode</c> over the real register form: by default only the first person registers.</summary>
public sealed class RegistrationPolicyTests
{
    [Fact]
    public async Task Register_DefaultMode_FirstAccountCreatedSecondRefusedInvitationStillWorks()
    {
        Assert.Equal(RegistrationMode.FirstUserOnly, new RegistrationOptions().Mode);
        await using var app = new PortalAppFactory(settings: new() { ["Registration:Mode"] = nameof(RegistrationMode.FirstUserOnly) });
        using var client = app.CreateHttpClient();

        using var anonymous = app.CreateClient();
        var loadedWhileOpen = await PortalForms.HiddenFieldsAsync(anonymous, "/Account/Register");
        var first = await RegisterAsync(client, "first@example.test");
        using var late = await PortalForms.PostAsync(anonymous, "/Account/Register", loadedWhileOpen, Fields("second@example.test"));
        var second = System.Net.WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync());
        using var direct = app.CreateClient();
        var third = await RegisterAsync(direct, "third@example.test");
        var closedPage = System.Net.WebUtility.HtmlDecode(await anonymous.GetStringAsync("/Account/Register"));

        Assert.True(await ExistsAsync(app, "first@example.test"));
        Assert.False(await ExistsAsync(app, "second@example.test"));
        Assert.False(await ExistsAsync(app, "third@example.test"));
        Assert.NotNull(third);
        Assert.Contains(RegistrationPolicy.ClosedMessage, second);
        Assert.Contains("data-testid=\"registration-closed\"", closedPage);
        Assert.DoesNotContain("Input.Password", closedPage);
        var workspace = await app.Services.CreateScope().ServiceProvider.GetRequiredService<WorkspaceRegistration>().WorkspaceOfAsync("first@example.test");
        var owner = await app.OwnerAsync(new TestEndpoint(workspace.WorkspaceId, "", "", "first@example.test"));
        var invitation = await app.Services.GetRequiredService<TeamService>().InviteAsync(workspace.WorkspaceId, owner, WorkspaceRole.Agent);
        var joined = await app.Services.GetRequiredService<TeamService>().RegisterWithInvitationAsync(invitation.Token, "invited@example.test", PortalSignIn.Password);
        Assert.Equal(workspace.WorkspaceId, joined.WorkspaceId);
        Assert.NotEmpty(first);
    }

    [Fact]
    public async Task Register_Closed_EvenTheFirstAccountRefused()
    {
        await using var app = new PortalAppFactory(settings: new() { ["Registration:Mode"] = "Closed" });
        using var client = app.CreateHttpClient();

        await RegisterAsync(client, "first@example.test");
        var page = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/Account/Register"));

        Assert.Contains(RegistrationPolicy.ClosedMessage, page);
        Assert.False(await ExistsAsync(app, "first@example.test"));
    }

    [Fact]
    public async Task Register_Open_EveryoneGetsAWorkspace()
    {
        await using var app = new PortalAppFactory(settings: new() { ["Registration:Mode"] = "Open" });

        await RegisterAsync(app.CreateHttpClient(), "one@example.test");
        await RegisterAsync(app.CreateClient(), "two@example.test");

        Assert.True(await ExistsAsync(app, "two@example.test"));
    }

    private static async Task<string> RegisterAsync(HttpClient client, string email)
    {
        using var response = await PortalForms.PostAsync(client, "/Account/Register", Fields(email));
        Assert.True((int)response.StatusCode < 500, $"register answered {(int)response.StatusCode}");
        return System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static Dictionary<string, string> Fields(string email) => new()
    {
        ["Input.Email"] = email, ["Input.Password"] = PortalSignIn.Password, ["Input.ConfirmPassword"] = PortalSignIn.Password,
    };

    private static async Task<bool> ExistsAsync(PortalAppFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email) is not null;
    }
}
