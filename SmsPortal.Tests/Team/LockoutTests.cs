using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Team;

/// <summary>
/// Failed logins count per account and address: five from one address make that address wait, even with the right
/// password; the account itself is not locked (RateLimitTests shows the Owner signing in from elsewhere).
/// </summary>
public sealed class LockoutTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Login_FiveWrongPasswords_ThatAddressWaitsEvenForTheRightOne()
    {
        var owner = await fixture.App.CreateEndpointAsync();
        using var client = fixture.App.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await PortalSignIn.PostLoginAsync(client, owner.Email, "not-the-password");
            Assert.Contains("Invalid login attempt", await wrong.Content.ReadAsStringAsync());
        }
        using var right = await PortalSignIn.PostLoginAsync(client, owner.Email, PortalSignIn.Password);

        Assert.Contains("Too many failed attempts for this account from your address", await right.Content.ReadAsStringAsync());
        Assert.Equal("/Account/Login", right.RequestMessage?.RequestUri?.AbsolutePath);
    }
}
