using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmsPortal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using SmsPortal.Tests.EndToEnd.Pages;

namespace SmsPortal.Tests.EndToEnd;

/// <summary>
/// The acceptance journey in Debian's Chromium against the app on a real loopback port, with a fake
/// gateway on loopback: register, create an endpoint and copy its secret, receive a signed message live in the
/// inbox, author a rule and try it in the test console, see the reply in the thread and at the gateway.
/// Screenshots of each page are saved under artifacts/screenshots/.
/// </summary>
public sealed class NewcomerJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private FakeGateway _gateway = null!;
    private TestApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _gateway = await FakeGateway.StartAsync();
        _app = new TestApp(settings: new()
        {
            ["Gateway:Type"] = "Generic",
            ["Gateway:BaseUrl"] = _gateway.Url,
        });
        _client = _app.CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [SkippableFact]
    public async Task Newcomer_FromRegistrationToAnsweredMessage()
    {
        BrowserFixture.SkipWithoutChromium();
        var page = await browser.NewPageAsync(_app.BaseUrl);

        // Register: the account comes with its own team.
        var register = new AccountFormPage(page);
        await register.OpenRegisterAsync();
        await register.RegisterAsync("owner@example.test", team: "Acme Support");
        await Expect(page.GetByText("Acme Support")).ToBeVisibleAsync();

        // Create an endpoint; the secret is shown once and copied.
        await page.GotoAsync("/endpoints");
        await page.GetByRole(AriaRole.Button, new() { Name = "New endpoint" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Main");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        var secret = (await page.GetByTestId("endpoint-secret").InnerTextAsync()).Trim();
        var url = (await page.GetByTestId("endpoint-url").InnerTextAsync()).Trim();
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy secret" }).ClickAsync();
        // The copy goes through the circuit to the browser's clipboard: on a busy machine it lands after the click returns.
        var copied = "";
        await Eventually.TrueAsync(async () => (copied = await page.EvaluateAsync<string>("navigator.clipboard.readText()")) == secret,
            "the secret reaches the clipboard");
        Assert.Equal(secret, copied);
        await BrowserFixture.ScreenshotAsync(page, "endpoint-created");
        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        Assert.StartsWith("whsec_", secret);
        await BrowserFixture.ScreenshotAsync(page, "endpoints");

        // A signed message arrives while the inbox is open: it appears without a reload.
        await page.GotoAsync("/inbox");
        await BrowserFixture.ScreenshotAsync(page, "inbox-empty");
        var endpoint = new TestEndpoint(Guid.Empty, new Uri(url).Segments[^1], secret, "owner@example.test");
        (await _client.PostAsync(endpoint, Deliveries.Body("journey-1", "Hello, are you open today?", "+15557654321"))).EnsureSuccessStatusCode();
        await Expect(page.GetByTestId("conversation").Filter(new() { HasText = "+15557654321" })).ToBeVisibleAsync();

        // A rule "PRICE -> reply with the price list", authored in the portal and tried in the test console.
        await CreatePriceRuleAsync(page);
        Assert.Empty(_gateway.Requests);

        // "price?" produces the reply, in the thread and at the gateway.
        await page.GotoAsync("/inbox");
        (await _client.PostAsync(endpoint, Deliveries.Body("journey-2", "price?", "+15557654321"))).EnsureSuccessStatusCode();
        await page.GetByTestId("conversation").Filter(new() { HasText = "+15557654321" }).ClickAsync();
        await Expect(page.GetByTestId("message-out").Filter(new() { HasText = "Our prices" })).ToBeVisibleAsync();
        await _gateway.WaitForAsync(g => g.AcceptedBodies.Any(b => b.GetProperty("text").GetString()!.StartsWith("Our prices")), "the reply reaches the gateway");
        await Expect(page.GetByTestId("message-status").Last).ToHaveTextAsync(new Regex("Sent|Delivered"));
        await BrowserFixture.ScreenshotAsync(page, "inbox-thread");

        foreach (var (path, name) in new[] { ("/contacts", "contacts"), ("/deliveries", "delivery-log"), ("/audit", "audit-log"), ("/", "dashboard") })
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await BrowserFixture.ScreenshotAsync(page, name);
        }

        // An invited Agent joins the team but cannot open the endpoints page, even by URL.
        await page.GotoAsync("/team");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invite member" }).ClickAsync();
        await page.GetByTestId("invite-create").ClickAsync();
        await Expect(page.GetByTestId("invite-link")).ToHaveValueAsync(new Regex("/invite/"));
        var inviteLink = await page.GetByTestId("invite-link").InputValueAsync();
        await BrowserFixture.ScreenshotAsync(page, "team-invite");
        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await BrowserFixture.ScreenshotAsync(page, "team");

        var agent = await browser.NewPageAsync(_app.BaseUrl);
        var join = new AccountFormPage(agent);
        await join.OpenInviteAsync(inviteLink);
        await join.JoinAsync("agent@example.test");
        await Expect(agent.GetByText("Acme Support")).ToBeVisibleAsync();
        await Expect(agent.GetByRole(AriaRole.Link, new() { Name = "Endpoints" })).ToHaveCountAsync(0);
        await agent.GotoAsync("/endpoints");
        await Expect(agent.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
        Assert.DoesNotContain(endpoint.Id, await agent.ContentAsync());
        Assert.DoesNotContain(secret, await agent.ContentAsync());
        await BrowserFixture.ScreenshotAsync(agent, "agent-endpoints-denied");
        await agent.GotoAsync("/inbox");
        await Expect(agent.GetByTestId("conversation").First).ToBeVisibleAsync();

        // Settings: a test SMS goes out through the configured gateway.
        await page.GotoAsync("/settings");
        var sendTest = page.GetByRole(AriaRole.Button, new() { Name = "Send test SMS" });
        await Expect(sendTest).ToBeEnabledAsync();
        await page.GetByLabel("Phone number for a test SMS").FillAsync("+15550001234");
        await sendTest.ClickAsync();
        await Expect(page.GetByTestId("test-sms-queued")).ToBeVisibleAsync();
        await _gateway.WaitForAsync(g => g.AcceptedBodies.Any(b => b.GetProperty("to").GetString() == "+15550001234"), "the test SMS reaches the gateway");
        await BrowserFixture.ScreenshotAsync(page, "settings");

        // Two-factor sign-in with an authenticator app starts from a QR code.
        await page.GotoAsync("/Account/Manage/EnableAuthenticator");
        await Expect(page.GetByTestId("authenticator-qr")).ToBeVisibleAsync();
        Assert.StartsWith("data:image/svg+xml;base64,", await page.GetByTestId("authenticator-qr").GetAttributeAsync("src"));
        await BrowserFixture.ScreenshotAsync(page, "two-factor");

        // At a phone's width the inbox still works.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/inbox");
        await Expect(page.GetByTestId("conversation").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "inbox-phone");
    }

    private static async Task CreatePriceRuleAsync(IPage page)
    {
        await page.GotoAsync("/rules");
        await page.GetByRole(AriaRole.Button, new() { Name = "New rule" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Price list");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add condition" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "First word is" }).ClickAsync();
        await page.GetByLabel("Keywords").FillAsync("price");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add action" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Reply", Exact = true }).ClickAsync();
        await page.GetByLabel("Reply text").FillAsync("Our prices: small $5, large $9.");
        await BrowserFixture.ScreenshotAsync(page, "rule-editor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("Saved 'Price list'.")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "rules");

        // The test console shows the rule would fire and the rendered reply, and sends nothing.
        await page.GetByRole(AriaRole.Button, new() { Name = "Test a message" }).ClickAsync();
        await page.GetByLabel("Message").FillAsync("price?");
        await page.GetByLabel("Sender").FillAsync("+15551234567");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run test" }).ClickAsync();
        var result = page.Locator("[data-rule]").Filter(new() { HasText = "Price list" });
        await Expect(result).ToContainTextAsync("fires");
        await Expect(result).ToContainTextAsync("Our prices: small $5, large $9.");
        await BrowserFixture.ScreenshotAsync(page, "rules-test-console");
    }
}
