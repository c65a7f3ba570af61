using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Team;

public sealed class LockoutTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Login_FiveWrongPasswords_AccountLockedEvenForTheRightOne()
    {
        var owner = await app.CreateEndpointAsync();
        using var client = app.CreateClient();

        for (var i = 0; i < 4; i++)
        {
            using var wrong = await PortalSignIn.PostLoginAsync(client, owner.Email, "not-the-password");
            Assert.Contains("Invalid login attempt", await wrong.Content.ReadAsStringAsync());
        }
        using var fifth = await PortalSignIn.PostLoginAsync(client, owner.Email, "not-the-password");
        using var right = await PortalSignIn.PostLoginAsync(client, owner.Email, PortalSignIn.Password);

        Assert.Equal("/Account/Lockout", fifth.RequestMessage?.RequestUri?.AbsolutePath);
        Assert.Equal("/Account/Lockout", right.RequestMessage?.RequestUri?.AbsolutePath);
    }
}
