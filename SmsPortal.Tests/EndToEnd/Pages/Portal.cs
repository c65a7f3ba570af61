using Microsoft.Playwright;

namespace SmsPortal.Tests.EndToEnd.Pages;

/// <summary>What every portal page shares in a browser test.</summary>
internal static class Portal
{
    /// <summary>
    /// Waits for the page's live circuit: until it is up the page is prerendered HTML whose fields are disabled (see
    /// MainLayout), and the interactive render replaces them. On a loaded 2-core CI machine the circuit can take longer
    /// than a step's default 30 s, so this one wait is longer.
    /// </summary>
    public static Task WhenLiveAsync(IPage page) =>
        page.Locator("[data-testid=portal-page]:not([disabled])").WaitForAsync(new() { Timeout = 60_000 });
}
