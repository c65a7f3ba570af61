using Microsoft.Playwright;

namespace SmsPortal.Tests.EndToEnd.Pages;

/// <summary><c>/event-webhooks</c> and a webhook's attempt log, as an Admin uses them.</summary>
internal sealed class EventWebhooksPortal(IPage page)
{
    public Task OpenAsync() => page.GotoAsync("/event-webhooks");

    /// <summary>Registers <paramref name="url"/> for the default event and returns the secret shown once.</summary>
    public async Task<string> RegisterAsync(string url)
    {
        await page.Locator("#new-event-webhook").ClickAsync();
        await page.Locator("#event-webhook-url").FillAsync(url);
        await page.Locator("#save-event-webhook").ClickAsync();
        var secret = page.GetByTestId("endpoint-secret");
        await Assertions.Expect(secret).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^whsec_"));
        var text = await secret.TextContentAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        return text!.Trim();
    }

    public ILocator Card(string url) => page.GetByTestId("event-webhook-card").Filter(new() { Has = page.GetByText(url, new() { Exact = true }) });

    public Task OpenLogAsync(string url) => Card(url).GetByRole(AriaRole.Link, new() { Name = "Attempt log" }).ClickAsync();

    public ILocator Row(string webhookId) => page.Locator("[data-testid=event-log] tbody tr").Filter(new() { HasText = webhookId });

    public async Task<IReadOnlyList<string>> WebhookIdsAsync() =>
        [.. (await page.Locator("[data-testid=event-log] tbody tr code").AllTextContentsAsync()).Select(t => t.Trim())];

    public ILocator Attempts => page.GetByTestId("attempts").Locator("tbody tr");

    public Task ReplayAsync(string webhookId) => page.GetByRole(AriaRole.Button, new() { Name = $"Replay {webhookId}" }).ClickAsync();
}
