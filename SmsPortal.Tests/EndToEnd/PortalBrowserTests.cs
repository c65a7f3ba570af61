using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Tests.EndToEnd.Pages;
using static Microsoft.Playwright.Assertions;

namespace SmsPortal.Tests.EndToEnd;

/// <summary>
/// The portal as a newcomer meets it: a real browser against the app on a loopback port. People type the moment a
/// form shows, while the page is still arriving: on the Identity pages a newcomer (or their password manager) fills
/// the Register form at once, with the page's answer held back a little as on a slow network; interactive pages
/// show prerendered HTML that the live circuit replaces, so their fields wait for it.
/// </summary>
public sealed class PortalBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const int Runs = 20;
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromMilliseconds(250);
    private readonly TestApp _app = new();
    private string _baseUrl = "";

    public Task InitializeAsync()
    {
        _baseUrl = _app.BaseUrl;
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

    [SkippableFact]
    public async Task Login_RegisteredOwner_WrongPasswordRefusedThenRightOneLandsOnDashboard()
    {
        BrowserFixture.SkipWithoutChromium();
        var owner = await _app.CreateEndpointAsync();
        var page = await browser.NewPageAsync(_baseUrl);

        var login = new LoginPage(page);
        await login.OpenAsync();
        await login.LogInAsync(owner.Email, password: "not-the-password");
        await Assertions.Expect(login.Error).ToBeVisibleAsync();
        await login.LogInAsync(owner.Email);

        await page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" }).WaitForAsync();
        Assert.DoesNotContain("/Account/Login", page.Url);
    }

    [SkippableFact]
    public async Task Register_FilledAtOnceAfterFollowingTheLink_KeepsEveryField()
    {
        BrowserFixture.SkipWithoutChromium();
        // Four people at a time, in browser contexts of their own (no shared cookies).
        await Parallel.ForAsync(0, Runs, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (run, _) =>
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
        });
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

    [SkippableFact]
    public async Task Inbox_TypedBeforeTheCircuitIsLive_FieldWaitsThenKeepsTheText()
    {
        BrowserFixture.SkipWithoutChromium();
        var page = await browser.NewPageAsync(_baseUrl);
        await page.GotoAsync("/Account/Register");
        await RegisterAtOnceAsync(page, "early-typist@example.test", 99);
        var scriptHeld = new TaskCompletionSource();
        await page.RouteAsync(new Regex("blazor\\.web.*\\.js"), async route =>
        {
            await scriptHeld.Task;
            await route.ContinueAsync();
        });

        await page.GotoAsync("/inbox", new() { WaitUntil = WaitUntilState.Commit });
        var search = page.GetByLabel("Search all history");
        await Expect(search).ToBeDisabledAsync();
        await BrowserFixture.ScreenshotAsync(page, "inbox-connecting");
        scriptHeld.SetResult();
        await search.FillAsync("+1555");

        // The circuit has the text (it searched all history for it) and the field still shows it.
        await Expect(page.GetByText("Nothing in any conversation matches “+1555”.")).ToBeVisibleAsync();
        await Expect(search).ToHaveValueAsync("+1555");
    }

    [SkippableFact]
    public async Task Link_ClickedBeforeTheCircuitIsLive_LoadsThatPageWhichThenGoesLive()
    {
        BrowserFixture.SkipWithoutChromium();
        var page = await browser.NewPageAsync(_baseUrl);
        await page.GotoAsync("/Account/Register");
        await RegisterAtOnceAsync(page, "quick-clicker@example.test", 98);
        var documents = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.ResourceType == "document")
            {
                lock (documents) documents.Add(new Uri(request.Url).AbsolutePath);
            }
        };
        var circuitHeld = new TaskCompletionSource();
        await page.RouteAsync("**/_blazor/negotiate**", async route =>
        {
            await circuitHeld.Task;
            await route.ContinueAsync();
        });

        // The dashboard is prerendered, its circuit held back: a click now used to be an enhanced (fetched) navigation
        // that the starting circuit then overwrote with the dashboard under the new URL.
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" }).WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Rules", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/rules$"));
        circuitHeld.SetResult();
        await Portal.WhenLiveAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rules", Exact = true })).ToBeVisibleAsync();
        lock (documents) Assert.Equal(["/", "/rules"], documents);

        // Once live, the interactive router takes links: no page load.
        await page.GetByRole(AriaRole.Link, new() { Name = "Contacts", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contacts", Exact = true })).ToBeVisibleAsync();
        lock (documents) Assert.Equal(["/", "/rules"], documents);
    }

    private static async Task RegisterAtOnceAsync(IPage page, string email, int run)
    {
        await new AccountFormPage(page).RegisterAsync(email, $"Team {run}");

        // The form was accepted with every field as typed: the new account is signed in to its own team.
        await Expect(page).ToHaveURLAsync(new Regex("/$"), new() { Timeout = 10_000 });
        await Expect(page.GetByText($"Team {run}", new() { Exact = true })).ToBeVisibleAsync();
    }
}
