using Microsoft.Playwright;

namespace SmsPortal.Tests.EndToEnd.Pages;

/// <summary>Settings → Gateway's one-step connect page (<c>/settings/gateway</c>) as a person fills it.</summary>
internal sealed class ConnectGatewayPage(IPage page)
{
    public async Task ConnectSmsGateAsync(string serverUrl, string username, string password)
    {
        await Portal.WhenLiveAsync(page);
        await page.GetByLabel("Server URL").FillAsync(serverUrl);
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByTestId("connect").ClickAsync();
    }

    public ILocator Connected => page.GetByTestId("connected");

    public ILocator KeySet => page.GetByTestId("key-set");

    public ILocator WaitingForFirstText => page.GetByTestId("waiting-first-text");

    public ILocator FirstText => page.GetByTestId("first-text");

    public ILocator Error => page.GetByTestId("connect-error");

    public Task CatchUpAsync() => page.GetByTestId("catch-up-start").ClickAsync();

    public ILocator CatchUpSummary => page.GetByTestId("catch-up-summary");
}
