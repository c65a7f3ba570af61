using Microsoft.Playwright;
using SmsPortal.Tests.EndToEnd.Pages;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Tests.Infrastructure.FakeGatewayApis;
using static Microsoft.Playwright.Assertions;

namespace SmsPortal.Tests.GatewayConnect;

/// <summary>
/// The connect flow in Debian's Chromium against the app on a real loopback port and a fake SMSGate API: from the
/// dashboard's first-run step, one form, then "first text received" live when the phone posts its first SMS, then a
/// catch-up that brings back the text the phone missed while offline.
/// </summary>
public sealed class ConnectGatewayBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task FirstRunStep_ConnectSmsGate_FirstTextShowsLive_CatchUpSummarises()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var fake = await FakeSmsGateApi.StartAsync(cloudServer: false, requireHttps: false);
        await using var app = new TestApp();
        var page = await browser.NewPageAsync(app.BaseUrl);
        var register = new AccountFormPage(page);
        await register.OpenRegisterAsync();
        await register.RegisterAsync("owner@example.test", team: "Corner Shop");

        await page.GetByTestId("getting-started").GetByRole(AriaRole.Link, new() { NameRegex = new("Connect your phone's gateway") }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/settings/gateway$"));
        var connect = new ConnectGatewayPage(page);
        await connect.ConnectSmsGateAsync(fake.Url, fake.Username, "wrong-password");
        await Expect(connect.Error).ToContainTextAsync("Check the credentials");
        await connect.ConnectSmsGateAsync(fake.Url, fake.Username, fake.Password);

        await Expect(connect.Connected).ToContainTextAsync("Connected to SMSGate");
        await Expect(connect.KeySet).ToBeVisibleAsync();
        await Expect(connect.WaitingForFirstText).ToBeVisibleAsync();
        Assert.Equal(4, fake.Webhooks.Count);
        await BrowserFixture.ScreenshotAsync(page, "gateway-connected");

        await fake.ReceiveAsync(fake.Devices[0].Id, "first-1", "+15557654321", "Hi, is this the shop?", DateTimeOffset.UtcNow.AddSeconds(-2));
        await Expect(connect.FirstText).ToContainTextAsync("First text received from +15557654321: “Hi, is this the shop?”");
        await BrowserFixture.ScreenshotAsync(page, "gateway-first-text");

        await fake.ReceiveAsync(fake.Devices[1].Id, "missed-1", "+15550000009", "Sent while the phone was offline", DateTimeOffset.UtcNow.AddHours(-1), online: false);
        await connect.CatchUpAsync();
        await Expect(connect.CatchUpSummary).ToContainTextAsync("2 re-sent, 1 already here, 1 new", new() { Timeout = 30_000 });
    }
}
