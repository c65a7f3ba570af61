using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmsPortal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmsPortal.Tests.EndToEnd;

/// <summary>
/// A newcomer (or their password manager) fills the Register form the moment it shows. The page's answer is held
/// back a little, as on a slow network, so that the form is filled while the page is still arriving.
/// </summary>
public sealed class RegisterFormTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const int Runs = 20;
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromMilliseconds(250);
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
    public async Task Register_FilledAtOnceAfterFollowingTheLink_KeepsEveryField()
    {
        BrowserFixture.SkipWithoutChromium();
        for (var run = 0; run < Runs; run++)
        {
            var page = await browser.NewPageAsync(_baseUrl);
            await page.RouteAsync(new Regex("/Account/Register"), async route =>
            {
                if (route.Request.Method == "GET")
                {
                    await Task.Delay(SlowAnswer);
                }
                await route.ContinueAsync();
            });
            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Link, new() { Name = "Register as a new user" }).ClickAsync();

            await RegisterAtOnceAsync(page, $"link-{run}@example.test", run);
            await page.Context.CloseAsync();
        }
    }

    [SkippableFact]
    public async Task Register_FilledBeforeTheScriptsLoad_KeepsEveryField()
    {
        BrowserFixture.SkipWithoutChromium();
        var page = await browser.NewPageAsync(_baseUrl);
        await page.RouteAsync(new Regex("blazor\\.web.*\\.js"), async route =>
        {
            await Task.Delay(SlowAnswer);
            await route.ContinueAsync();
        });
        await page.GotoAsync("/Account/Register", new() { WaitUntil = WaitUntilState.Commit });

        await RegisterAtOnceAsync(page, "early@example.test", 0);
    }

    private static async Task RegisterAtOnceAsync(IPage page, string email, int run)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Team name (optional)").FillAsync($"Team {run}");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Passw0rd!");
        await page.GetByLabel("Confirm Password").FillAsync("Passw0rd!");
        // Whatever the page did while it finished loading, the fields still hold what was typed.
        await Expect(page.GetByLabel("Email")).ToHaveValueAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/$"), new() { Timeout = 10_000 });
        await Expect(page.GetByText($"Team {run}", new() { Exact = true })).ToBeVisibleAsync();
    }
}
