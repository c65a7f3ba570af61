using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmsPortal.Messages;
using SmsPortal.Tests.EndToEnd.Pages;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Tests.Processing;
using static Microsoft.Playwright.Assertions;

namespace SmsPortal.Tests.EndToEnd;

/// <summary>An Owner finds a parked message from the dashboard and the navigation, reads why, and retries or discards it.</summary>
public sealed class ParkedMessagesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    // The table loads over the live circuit, which takes its time on a machine shared with other builds.
    private const float Patience = 30_000;
    private readonly TestApp _app = new(settings: new() { ["Processing:MaxAttempts"] = "1" });
    private TestEndpoint _endpoint = null!;

    public async Task InitializeAsync()
    {
        _endpoint = await _app.CreateEndpointAsync();
        await ParkedMessageSetup.AddPoisonRuleAsync(_app, _endpoint);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableFact]
    public async Task ParkedMessage_ShownWithReason_RetryProcessesItDiscardRemovesTheOther()
    {
        BrowserFixture.SkipWithoutChromium();
        var first = await ParkedMessageSetup.ParkAsync(_app, _endpoint, "p-1", "+15550000001");
        var second = await ParkedMessageSetup.ParkAsync(_app, _endpoint, "p-2", "+15550000002");
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).LogInAsync(_endpoint.Email);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" }).WaitForAsync();
        await Expect(page.GetByText("Parked messages").First).ToBeVisibleAsync(new() { Timeout = Patience });

        await page.GetByRole(AriaRole.Link, new() { Name = "Parked messages" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Parked messages" }).WaitForAsync();
        await Portal.WhenLiveAsync(page);
        await Expect(page.GetByTestId("parked-reason")).ToHaveCountAsync(2, new() { Timeout = Patience });
        await Expect(page.GetByTestId("parked-reason").First).ToContainTextAsync("too long", new() { Timeout = Patience });
        await BrowserFixture.ScreenshotAsync(page, "parked-messages");
        await ParkedMessageSetup.FixPoisonAsync(_app);

        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = first.From }).GetByTestId("parked-retry").ClickAsync();
        await Expect(page.GetByTestId("parked-reason")).ToHaveCountAsync(1, new() { Timeout = Patience });
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = second.From }).GetByTestId("parked-discard").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Discard", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("parked-none")).ToBeVisibleAsync(new() { Timeout = Patience });

        await _app.WaitUntilProcessedAsync(_endpoint, 1);
        await using var check = _app.CreateDbContext();
        Assert.Equal(ProcessingStatus.Processed, (await check.InboundMessages.SingleAsync(m => m.Id == first.Id)).Status);
        Assert.Equal(ProcessingStatus.Discarded, (await check.InboundMessages.SingleAsync(m => m.Id == second.Id)).Status);
    }
}
