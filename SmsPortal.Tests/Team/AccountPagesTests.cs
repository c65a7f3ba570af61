using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Team;

public sealed class AccountPagesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly PortalAppFactory _app = fixture.App;

    [Fact]
    public async Task DeleteAccount_LastOwner_RefusedWithAMessageAccountKept()
    {
        var owner = await _app.CreateEndpointAsync();
        using var client = await PortalSignIn.SignInAsync(_app, owner.Email);

        using var response = await PortalForms.PostAsync(client, "/Account/Manage/DeletePersonalData", new() { ["Input.Password"] = PortalSignIn.Password });

        Assert.True((int)response.StatusCode < 500);
        Assert.Contains("You are the last Owner of", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await using var scope = _app.Services.CreateAsyncScope();
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(owner.Email));
    }

    [Fact]
    public async Task DeleteAccount_AnotherOwnerRemains_Deleted()
    {
        var owner = await _app.CreateEndpointAsync();
        var second = await _app.MemberAsync(owner.WorkspaceId, role: WorkspaceRole.Owner);
        using var client = await PortalSignIn.SignInAsync(_app, owner.Email);

        using var _ = await PortalForms.PostAsync(client, "/Account/Manage/DeletePersonalData", new() { ["Input.Password"] = PortalSignIn.Password });

        await using var scope = _app.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(owner.Email));
        Assert.NotNull(second.UserId);
    }

    [Fact]
    public async Task RegisterConfirmation_KnownAndUnknownEmail_SameAnswerNoLink()
    {
        var owner = await _app.CreateEndpointAsync();
        using var client = _app.CreateClient();

        using var known = await client.GetAsync("/Account/RegisterConfirmation?email=" + Uri.EscapeDataString(owner.Email));
        using var unknown = await client.GetAsync("/Account/RegisterConfirmation?email=nobody-here%40example.test");

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        foreach (var body in new[] { await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync() })
        {
            Assert.Contains("If an account was created for this address, check your email to confirm it.", body);
            Assert.DoesNotContain("ConfirmEmail", body);
            Assert.DoesNotContain("Error finding user", body);
        }
    }
}
