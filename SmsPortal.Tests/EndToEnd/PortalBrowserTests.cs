using Microsoft.Playwright;
using SmsPortal.Tests.Infrastructure;

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

        await page.GotoAsync("/Account/Register");
        await BrowserFixture.ScreenshotAsync(page, "register");
        await page.GetByLabel("Email").FillAsync("newcomer@example.test");
        await page.GetByLabel("Team name (optional)").FillAsync("Acme Support");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Passw0rd!");
        await page.GetByLabel("Confirm Password").FillAsync("Passw0rd!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

        await page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" }).WaitForAsync();
        await Assertions.Expect(page.GetByText("Acme Support")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "dashboard");
    }
}
