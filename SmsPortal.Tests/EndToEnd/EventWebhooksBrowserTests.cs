using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmsPortal.Tests.EndToEnd.Pages;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.EndToEnd;

/// <summary>
/// An Admin registers a receiver on loopback in the portal; events reach it signed with the secret the portal showed;
/// one the receiver failed is replayed from the attempt log and arrives again with the same <c>webhook-id</c>.
/// </summary>
public sealed class EventWebhooksBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private EventReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await EventReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [SkippableFact]
    public async Task Admin_RegistersReceiver_FailedEventReplayedFromThePortal_SameWebhookIdVerified()
    {
        BrowserFixture.SkipWithoutChromium();
        await using var app = new TestApp(settings: EventReceiver.FastRetries(maxAttempts: 2));
        var owner = await app.CreateEndpointAsync();
        var page = await browser.NewPageAsync(app.BaseUrl);
        var login = new LoginPage(page);
        await login.OpenAsync();
        await login.LogInAsync((await app.MemberAsync(owner.WorkspaceId)).Name);
        var portal = new EventWebhooksPortal(page);
        await portal.OpenAsync();

        _receiver.Secret = await portal.RegisterAsync(_receiver.Url);
        await Assertions.Expect(portal.Card(_receiver.Url).GetByTestId("event-webhook-status")).ToHaveTextAsync("Enabled");
        await app.SendAsync(owner, "bt-1", "first, delivered");
        await _receiver.WaitForAsync(r => r.Accepted.Count() == 1, "the first event is accepted");
        _receiver.FailNext(2);
        await app.SendAsync(owner, "bt-2", "second, failed twice");
        await _receiver.WaitForAsync(r => r.Received.Count == 3, "the second event is tried twice");

        await portal.OpenLogAsync(_receiver.Url);
        var failedId = _receiver.Received.Last().Id;
        await Assertions.Expect(portal.Row(failedId).GetByTestId("delivery-outcome")).ToHaveTextAsync("Failed", new() { Timeout = 30_000 });
        await Assertions.Expect(portal.Row(_receiver.Accepted.Single().Id).GetByTestId("delivery-outcome")).ToHaveTextAsync("Delivered");
        await portal.Row(failedId).GetByTestId("attempt-count").ClickAsync();
        await Assertions.Expect(portal.Attempts).ToHaveCountAsync(2);
        await Assertions.Expect(portal.Attempts.First).ToContainTextAsync("receiver is down");
        await BrowserFixture.ScreenshotAsync(page, "event-webhook-log");
        await portal.ReplayAsync(failedId);

        await _receiver.WaitForAsync(r => r.Accepted.Count() == 2, "the replay is accepted");
        var replayed = _receiver.Accepted.Last();
        Assert.Equal(failedId, replayed.Id);
        Assert.True(replayed.Verified);
        Assert.Equal(_receiver.Received.First(r => r.Id == failedId).Body, replayed.Body);
        Assert.Contains("second, failed twice", replayed.Body);
        await Assertions.Expect(portal.Row(failedId).GetByTestId("delivery-outcome")).ToHaveTextAsync("Delivered", new() { Timeout = 30_000 });
        await using var db = app.CreateDbContext();
        var audit = await db.AuditLog.Where(a => a.WorkspaceId == owner.WorkspaceId).Select(a => a.Action).ToListAsync();
        Assert.Contains("event_webhook.created", audit);
        Assert.Contains("event_webhook.replayed", audit);
    }
}
