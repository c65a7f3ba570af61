using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmsPortal.Audit;
using SmsPortal.Rules.Model;
using SmsPortal.RuleSets;
using SmsPortal.RuleSets.Versions;
using SmsPortal.Tests.EndToEnd.Pages;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Tests.RuleSets.DryRun;
using static Microsoft.Playwright.Assertions;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.EndToEnd;

/// <summary>
/// The rules' life cycle in Debian's Chromium: edit a live rule as a draft, see its warning, dry-run the draft over
/// the stored history, publish it, roll back. Screenshots under artifacts/screenshots/.
/// </summary>
public sealed class RuleLifecycleBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly TestApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableFact]
    public async Task EditAsDraft_SeeWarning_DryRunOverHistory_Publish_RollBack()
    {
        BrowserFixture.SkipWithoutChromium();
        var endpoint = await _app.CreateEndpointAsync("lifecycle@example.test");
        var texts = Enumerable.Range(0, 240).Select(i => (i % 3) switch { 0 => "price?", 1 => "hello", _ => "Price list" }).ToList();
        await StoredHistory.SeedAsync(_app, endpoint, texts, contacts: 12);
        await _app.AddRuleAsync(endpoint, Rule("price", [FirstWord("price")], new ReplyAction("Our prices: small $5, large $9.")) with { Name = "Price list" });
        var versions = _app.Services.GetRequiredService<RuleSetVersions>();
        await versions.PublishAsync(endpoint.WorkspaceId, Actor.Cli(), "first prices");
        var page = await browser.NewPageAsync(_app.BaseUrl);
        var login = new LoginPage(page);
        await login.OpenAsync();
        await login.LogInAsync(endpoint.Email);

        // Edit the live rule: the change is a draft, and the curly apostrophe earns a warning at the rule.
        await page.GotoAsync("/rules");
        await Expect(page.GetByTestId("live-status")).ToContainTextAsync("first prices");
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit Price list" }).ClickAsync();
        await page.GetByLabel("Reply text").FillAsync("We’ve new prices: small $6, large $10.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("Saved 'Price list'.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("draft-status")).ToContainTextAsync("1 change(s) not published");
        await Expect(page.GetByTestId("warnings").First).ToContainTextAsync("outside GSM-7");
        await BrowserFixture.ScreenshotAsync(page, "rules-draft-warning");

        // Dry run over the stored history: every price message would be answered differently, nothing is sent.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Dry run" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Dry run", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("dry-run-totals")).ToContainTextAsync("240 messages: 160 answered differently, 0 newly unanswered");
        await Expect(page.GetByTestId("dry-run").GetByText("We’ve new prices").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "rules-dry-run");
        Assert.Empty(await _app.OutboxAsync(endpoint));

        // Publish: the summary lists the change and the warning; the draft becomes version 2.
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish…" }).ClickAsync();
        await Expect(page.GetByTestId("publish-panel").GetByTestId("changes")).ToContainTextAsync("actions[0].template");
        await Expect(page.GetByTestId("publish-panel").GetByTestId("warnings")).ToContainTextAsync("outside GSM-7");
        await page.GetByLabel("Comment (what changed and why)").FillAsync("new prices");
        await BrowserFixture.ScreenshotAsync(page, "rules-publish");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish now" }).ClickAsync();
        await Expect(page.GetByText("Version 2 is live.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("live-status")).ToContainTextAsync("new prices");

        // Roll back to version 1 from the history: it is published again, as version 3.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Versions" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Roll back to version 1" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Roll back", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Version 1 is live again, as version 3.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("versions")).ToContainTextAsync("Roll back to version 1");
        await BrowserFixture.ScreenshotAsync(page, "rules-versions");

        var live = await _app.Services.GetRequiredService<RuleSetCache>().GetEntryAsync(endpoint.WorkspaceId);
        Assert.Equal(3, live.Version);
        Assert.Equal("Our prices: small $5, large $9.", ((ReplyAction)live.Document.Rules.Single().Actions.Single()).Template);
    }
}
