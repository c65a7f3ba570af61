using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmsPortal.Tests.EndToEnd.Pages;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.EndToEnd;

/// <summary>An Admin creates an API key in the portal, copies it the one time it is shown, and it works over HTTP.</summary>
public sealed class ApiKeyBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task Admin_CreatesKeyCopiesItOnce_KeyWorksOverHttp()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var app = new TestApp();
        var owner = await app.CreateEndpointAsync();
        var admin = await app.MemberAsync(owner.WorkspaceId);
        var page = await browser.NewPageAsync(app.BaseUrl);
        var login = new LoginPage(page);
        await login.OpenAsync();
        await login.LogInAsync(admin.Name);

        await page.GotoAsync("/api-keys");
        await page.Locator("#api-key-name").FillAsync("CRM sync");
        await page.Locator("#create-api-key").ClickAsync();
        var shown = page.Locator("#new-api-key");
        await Assertions.Expect(shown).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^smsp_"));
        await page.Locator("#copy-api-key").ClickAsync();
        await Assertions.Expect(page.Locator("#copy-api-key")).ToHaveTextAsync("Copied");
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        await BrowserFixture.ScreenshotAsync(page, "api-keys");
        await page.Locator("#dismiss-api-key").ClickAsync();
        await Assertions.Expect(shown).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByText("CRM sync")).ToBeVisibleAsync();

        Assert.Equal(0, await shown.CountAsync());
        Assert.DoesNotContain(copied, await page.ContentAsync());
        using var client = app.ApiClient(copied);
        var sent = await client.SendSmsAsync("+15550001414", "sent with the copied key");
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/messages")).StatusCode);
    }

    [SkippableFact]
    public async Task Admin_ChangesAKeysScopes_TheKeyIsRefusedWhatItLost_Audited()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var app = new TestApp();
        var owner = await app.CreateEndpointAsync();
        var key = await app.CreateKeyAsync(owner.WorkspaceId, SmsPortal.ApiKeys.ApiScopes.MessagesSend, SmsPortal.ApiKeys.ApiScopes.MessagesRead);
        var page = await browser.NewPageAsync(app.BaseUrl);
        var login = new LoginPage(page);
        await login.OpenAsync();
        await login.LogInAsync((await app.MemberAsync(owner.WorkspaceId)).Name);

        await page.GotoAsync("/api-keys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the scopes of test key" }).ClickAsync();
        var editor = page.Locator("#edit-scopes");
        await editor.GetByLabel("messages:send").UncheckAsync();
        await editor.GetByLabel("contacts:read").CheckAsync();
        await page.Locator("#save-scopes").ClickAsync();

        await Assertions.Expect(editor).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "messages:read, contacts:read", Exact = true })).ToBeVisibleAsync();
        using var client = app.ApiClient(key.Key);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendSmsAsync("+15550001616", "not any more")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/contacts")).StatusCode);
        await using var db = app.CreateDbContext();
        Assert.Contains(await db.AuditLog.Where(a => a.WorkspaceId == owner.WorkspaceId).Select(a => a.Action).ToListAsync(), a => a == "api_key.scopes.changed");
    }
}
