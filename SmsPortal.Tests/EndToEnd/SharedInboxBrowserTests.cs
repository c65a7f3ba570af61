using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmsPortal.SavedReplies;
using SmsPortal.Tests.EndToEnd.Pages;
using SmsPortal.Tests.Inbox;
using SmsPortal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmsPortal.Tests.EndToEnd;

/// <summary>
/// Two agents in two browser contexts on one real app: A assigns a conversation to B, B sees it arrive in "Mine"
/// without reloading, writes a note and a saved reply, closes it, and a new text from the contact reopens it for B.
/// </summary>
public sealed class SharedInboxBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartWithGatewayAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableFact]
    public async Task AssignNoteSavedReplyClose_ThenAnInboundTextReopensItForTheAssignee()
    {
        BrowserFixture.SkipWithoutChromium();
        var team = await ConversationTeam.CreateAsync(_app);
        await _app.Services.GetRequiredService<SavedReplyService>().SaveAsync(team.WorkspaceId, team.Owner, null, "sorted", "Thanks {{contact.name|there}}, all sorted!");
        await _app.SendAsync(team.Endpoint, "e2e-1", "My parcel never came", from: "+15553330001");
        await _app.WaitUntilProcessedAsync(team.Endpoint, 1);
        Guid contactId;
        await using (var db = _app.CreateDbContext())
        {
            contactId = await db.Contacts.Where(c => c.WorkspaceId == team.WorkspaceId).Select(c => c.Id).SingleAsync();
        }
        var emailB = await team.EmailAsync(team.AgentB);
        var pageA = await SignedInAsync(await team.EmailAsync(team.AgentA));
        var pageB = await SignedInAsync(emailB);
        await OpenAsync(pageB, "/inbox?view=mine");
        await Expect(pageB.GetByTestId("view-mine")).ToContainTextAsync("0");

        await OpenAsync(pageA, $"/inbox/{contactId}");
        await pageA.GetByRole(AriaRole.Button, new() { Name = "Unassigned" }).ClickAsync();
        await pageA.Locator(".mud-menu-item", new() { HasText = emailB }).ClickAsync();
        await Expect(pageA.GetByTestId("assignee")).ToContainTextAsync("Assigned to " + emailB);

        var conversation = pageB.GetByTestId("conversation").Filter(new() { HasText = "+15553330001" });
        await Expect(conversation).ToBeVisibleAsync();
        await Expect(pageB.GetByTestId("view-mine")).ToContainTextAsync("1");
        await conversation.ClickAsync();
        await Expect(pageB.GetByTestId("conversation-status")).ToHaveTextAsync("Open");

        await pageB.GetByTestId("mode-note").ClickAsync();
        await pageB.GetByTestId("reply-text").FillAsync("Courier says it was left with a neighbour");
        await pageB.GetByTestId("reply-submit").ClickAsync();
        await Expect(pageB.GetByTestId("note")).ToHaveTextAsync("Courier says it was left with a neighbour");

        await pageB.GetByTestId("mode-reply").ClickAsync();
        await pageB.GetByTestId("reply-text").PressSequentiallyAsync("/sor");
        await pageB.GetByTestId("saved-reply-suggestion").First.ClickAsync();
        await Expect(pageB.GetByTestId("reply-text")).ToHaveValueAsync("Thanks there, all sorted!");
        await Expect(pageB.GetByTestId("segment-counter")).ToContainTextAsync("25 characters · 1 SMS");
        await pageB.GetByTestId("reply-submit").ClickAsync();
        await Expect(pageB.GetByTestId("message-out")).ToHaveTextAsync("Thanks there, all sorted!");
        await _app.Gateway.WaitForAsync(g => g.Accepted.Count == 1, "the saved reply reaches the gateway");
        Assert.DoesNotContain(_app.Gateway.Requests, r => r.Body.Contains("neighbour", StringComparison.Ordinal));

        await pageB.GetByTestId("close-conversation").ClickAsync();
        await Expect(pageB.GetByTestId("conversation-status")).ToHaveTextAsync("Closed");
        await Expect(pageB.GetByTestId("view-mine")).ToContainTextAsync("0");
        await BrowserFixture.ScreenshotAsync(pageB, "inbox-closed");

        await _app.SendAsync(team.Endpoint, "e2e-2", "Found it, but it is damaged", from: "+1 (555) 333-0001");

        await Expect(pageB.GetByTestId("conversation-status")).ToHaveTextAsync("Open");
        await Expect(pageB.GetByTestId("message-in").Last).ToHaveTextAsync("Found it, but it is damaged");
        await Expect(pageB.GetByTestId("view-mine")).ToContainTextAsync("1");
        await BrowserFixture.ScreenshotAsync(pageB, "inbox-reopened");

        await pageB.Locator("body").ClickAsync(new() { Position = new() { X = 5, Y = 5 } });
        await pageB.Keyboard.PressAsync("?");
        await Expect(pageB.GetByTestId("shortcuts-help")).ToContainTextAsync("Assign it to me");
        await pageB.Keyboard.PressAsync("Escape");
        await Expect(pageB.GetByTestId("shortcuts-help")).ToHaveCountAsync(0);
    }

    /// <summary>Opens a page and waits for its live circuit (the prerendered page's fields are disabled until then).</summary>
    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await Portal.WhenLiveAsync(page);
    }

    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await browser.NewPageAsync(_app.BaseUrl);
        var login = new LoginPage(page);
        await login.OpenAsync();
        await login.LogInAsync(email);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" }).WaitForAsync();
        return page;
    }
}
