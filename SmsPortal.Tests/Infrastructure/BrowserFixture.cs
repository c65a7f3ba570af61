using Microsoft.Playwright;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (never a downloaded browser), and the app on a real loopback port.
/// Tests using it call <see cref="SkipWithoutChromium"/> first, so a machine without Chromium says why they skip.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium; <c>SMSPORTAL_CHROMIUM</c> points elsewhere (another distribution's path).</summary>
    public static string ChromiumPath { get; } = Environment.GetEnvironmentVariable("SMSPORTAL_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    // Playwright's assertions wait 5 s by default; a loaded CI machine needs longer before a live update shows.
    static BrowserFixture() => Assertions.SetDefaultExpectTimeout(15_000);

    public IBrowser Browser { get; private set; } = null!;

    public static bool ChromiumInstalled => File.Exists(ChromiumPath);

    public static void SkipWithoutChromium() =>
        Skip.IfNot(ChromiumInstalled, $"Browser test skipped: Chromium is not installed at {ChromiumPath} (apt-get install chromium; .ci/run does this).");

    public async Task InitializeAsync()
    {
        if (!ChromiumInstalled)
        {
            return;
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IPage> NewPageAsync(string baseUrl, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        // A step waits up to 30 s: the 2-core CI machine runs test classes in parallel, and a circuit starting there
        // has been measured to need more than 15 s. A passing step never waits for the limit.
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Saves a screenshot as a test artifact under <c>artifacts/screenshots/</c> at the repository root.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.CloseAsync();
            _playwright.Dispose();
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SmsPortal.sln")))
            {
                return directory.FullName;
            }
        }
        return AppContext.BaseDirectory;
    }
}
