using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmsPortal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmsPortal.Tests.EndToEnd;

/// <summary>
/// An interactive page shows its prerendered HTML before the circuit is live; the interactive render then replaces
/// it. Its fields must not take typing that would vanish: they are disabled (and look it) until the circuit is up.
/// Blazor's script is held back so the prerendered page stays on screen long enough to look at.
/// </summary>
public sealed class PrerenderedFieldsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
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
    public async Task Inbox_TypedBeforeTheCircuitIsLive_FieldWaitsThenKeepsTheText()
    {
        BrowserFixture.SkipWithoutChromium();
        var page = await browser.NewPageAsync(_baseUrl);
        await page.GotoAsync("/Account/Register");
        await page.GetByLabel("Email").FillAsync("early-typist@example.test");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(PortalSignIn.Password);
        await page.GetByLabel("Confirm Password").FillAsync(PortalSignIn.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        var scriptHeld = new TaskCompletionSource();
        await page.RouteAsync(new Regex("blazor\\.web.*\\.js"), async route =>
        {
            await scriptHeld.Task;
            await route.ContinueAsync();
        });

        await page.GotoAsync("/inbox", new() { WaitUntil = WaitUntilState.Commit });
        var search = page.GetByLabel("Search");
        await Expect(search).ToBeDisabledAsync();
        await BrowserFixture.ScreenshotAsync(page, "inbox-connecting");
        scriptHeld.SetResult();
        await search.FillAsync("+1555");

        await Expect(search).ToBeEnabledAsync();
        await page.WaitForTimeoutAsync(500);
        await Expect(search).ToHaveValueAsync("+1555");
    }
}
