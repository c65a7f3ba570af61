using Microsoft.Playwright;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Tests.EndToEnd.Pages;

namespace SmsPortal.Tests.EndToEnd;

/// <summary>The portal as a newcomer meets it: a real browser against the app on a loopback port.</summary>
public sealed class PortalBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly PortalAppFactory _app = new();
    private string _baseUrl = "";

    public Task InitializeAsync()
    {
        _app.StartServer();
        _baseUrl = _app.ClientOptions.BaseAddress.ToString();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableFact]
    public async Task Register_Newcomer_LandsOnDashboardOfTheirOwnTeam()
    {
        BrowserFixture.SkipWithoutChromium();
        var page = await browser.NewPageAsync(_baseUrl);

        var register = new AccountFormPage(page);
        await register.OpenRegisterAsync();
        await BrowserFixture.ScreenshotAsync(page, "register");
        await register.RegisterAsync("newcomer@example.test", team: "Acme Support");

        await page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" }).WaitForAsync();
        await Assertions.Expect(page.GetByText("Acme Support")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "dashboard");
    }
}
