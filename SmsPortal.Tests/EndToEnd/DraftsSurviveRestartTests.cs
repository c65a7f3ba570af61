using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using SmsPortal.Tests.EndToEnd.Pages;
using SmsPortal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmsPortal.Tests.EndToEnd;

/// <summary>
/// A reply half-written in the inbox and a rule half-edited survive the app being killed (SIGKILL) and started
/// again on the same port and SQLite file: the pages reconnect by themselves, the text is back, and sending or
/// saving it works once. The gateway is a fake on loopback that records every SMS it is asked to send.
/// </summary>
public sealed class DraftsSurviveRestartTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Email = "drafts@example.test";
    private const string Reply = "Yes, we open at nine tomorrow. See you then!";
    private readonly string _directory = TestApp.NewDataDirectory();
    private FakeGateway _gateway = null!;
    private Dictionary<string, string> _environment = null!;

    public async Task InitializeAsync()
    {
        _gateway = await FakeGateway.StartAsync();
        _environment = new Dictionary<string, string>
        {
            ["Database__DataDirectory"] = _directory,
            ["Gateway__Type"] = "Generic",
            ["Gateway__BaseUrl"] = _gateway.Url,
        };
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        SqliteConnection.ClearAllPools();
        TestApp.TryDelete(_directory);
    }

    [SkippableFact]
    public async Task ReplyAndRuleEdit_AppKilledAndRestarted_BackAfterReconnectAndSentOnce()
    {
        BrowserFixture.SkipWithoutChromium();
        await AppProcess.RunCliJsonAsync(_environment, "users", "create", "--email", Email, "--password", TestUsers.Password);
        var created = await AppProcess.RunCliJsonAsync(_environment, "endpoints", "create", "--email", Email, "--name", "Main");
        var endpoint = new TestEndpoint(Guid.Empty, created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!, Email);
        var port = FakeGateway.FreePort();

        var app = await AppProcess.StartAsync(_environment, port);
        using (var client = new HttpClient { BaseAddress = new Uri(app.Url) })
        {
            (await client.PostAsync(endpoint, Deliveries.Body("d-1", "Are you open tomorrow?", "+15557654321"))).EnsureSuccessStatusCode();
        }
        var inbox = await browser.NewPageAsync(app.Url);
        await LogInAsync(inbox);
        await inbox.GotoAsync("/inbox");
        await Portal.WhenLiveAsync(inbox);
        await inbox.GetByTestId("conversation").Filter(new() { HasText = "+15557654321" }).ClickAsync();
        await inbox.GetByLabel("Reply").FillAsync(Reply);

        var editor = await inbox.Context.NewPageAsync();
        await editor.GotoAsync("/rules/new");
        // Text typed before a page's circuit is up never reaches the server, so no draft could be kept of it.
        await Portal.WhenLiveAsync(editor);
        await editor.GetByLabel("Name").FillAsync("Opening hours");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Add action" }).ClickAsync();
        await editor.GetByRole(AriaRole.Menuitem, new() { Name = "Reply", Exact = true }).ClickAsync();
        await editor.GetByLabel("Reply text").FillAsync("We open at 9, Monday to Saturday.");

        var settings = await inbox.Context.NewPageAsync();
        await settings.GotoAsync("/settings");
        await Portal.WhenLiveAsync(settings);
        await settings.GetByLabel("Most auto-replies").FillAsync("7");
        await settings.GetByLabel("Most auto-replies").PressAsync("Tab");
        await settings.GetByLabel("Username").FillAsync("front-desk");
        await settings.GetByLabel("Password").FillAsync("never-in-a-draft");
        await WaitForDraftsAsync(4, "WHERE Content LIKE '%open at nine%' OR Content LIKE '%Monday to Saturday%' OR Content LIKE '%\"loopGuardMaxReplies\":7%' OR Content LIKE '%front-desk%'");
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Drafts WHERE Content LIKE '%never-in-a-draft%'"));

        app.Kill();
        // The reconnect dialog says what happens to what was typed (its title changes as the attempts go on).
        await Expect(inbox.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await Expect(inbox.GetByText("Your unsent replies and unsaved edits are kept")).ToBeVisibleAsync();
        await inbox.WaitForTimeoutAsync(600);
        await BrowserFixture.ScreenshotAsync(inbox, "reconnecting");
        await using var restarted = await AppProcess.StartAsync(_environment, port);

        // Both pages reconnect on their own and put the kept text back, with a notice.
        await Expect(inbox.GetByTestId("draft-restored")).ToBeVisibleAsync(new() { Timeout = 45_000 });
        await Expect(inbox.GetByLabel("Reply")).ToHaveValueAsync(Reply);
        await Expect(editor.GetByTestId("draft-restored")).ToBeVisibleAsync(new() { Timeout = 45_000 });
        await Expect(editor.GetByLabel("Name")).ToHaveValueAsync("Opening hours");
        await Expect(editor.GetByLabel("Reply text")).ToHaveValueAsync("We open at 9, Monday to Saturday.");
        await BrowserFixture.ScreenshotAsync(inbox, "inbox-draft-restored");
        await Expect(settings.GetByTestId("draft-restored")).ToBeVisibleAsync(new() { Timeout = 45_000 });
        await Expect(settings.GetByLabel("Most auto-replies")).ToHaveValueAsync("7");
        await Expect(settings.GetByLabel("Username")).ToHaveValueAsync("front-desk");
        await Expect(settings.GetByLabel("Password")).ToHaveValueAsync("");
        await settings.GetByTestId("draft-discard").ClickAsync();
        await Expect(settings.GetByLabel("Username")).ToHaveValueAsync("");

        await inbox.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(inbox.GetByTestId("message-out").Filter(new() { HasText = Reply })).ToHaveCountAsync(1);
        await Expect(inbox.GetByLabel("Reply")).ToHaveValueAsync("");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(editor.GetByText("Saved 'Opening hours'.")).ToBeVisibleAsync();

        await _gateway.WaitForAsync(g => g.AcceptedBodies.Any(b => b.GetProperty("text").GetString() == Reply), "the restored reply reaches the gateway");
        await WaitForDraftsAsync(0);
        Assert.Single(_gateway.Requests, r => r.Body.Contains(Reply));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM OutboundMessages"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM Rules WHERE DefinitionJson LIKE '%Opening hours%'"));
    }

    private static async Task LogInAsync(IPage page)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(TestUsers.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/Account/Login"));
    }

    private async Task WaitForDraftsAsync(int count, string where = "") =>
        await Eventually.TrueAsync(async () => await CountAsync($"SELECT COUNT(*) FROM Drafts {where}") == count, $"{count} drafts are kept in the database", 20);

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "smsportal.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
