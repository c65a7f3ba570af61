// Page timings with a real browser (Debian's Chromium): signs in, then opens each page several times and reports
// (a) the server's time to first byte of the document (the prerender, which runs the page's first queries) and
// (b) the time until the page's content is on screen over the live circuit.
// Usage: PageTimings <baseUrl> <email> <password> [runs]
using System.Diagnostics;
using Microsoft.Playwright;

var (baseUrl, email, password) = (args[0].TrimEnd('/'), args[1], args[2]);
var runs = args.Length > 3 ? int.Parse(args[3]) : 7;
(string Path, string Ready)[] pages =
[
    ("/", "h1:has-text('Dashboard'), h4:has-text('Dashboard')"),
    ("/inbox", "[data-testid='conversation'], a[href^='inbox/'], .mud-list-item"),
    ("/contacts", "td:has-text('+1555')"),
    ("/rules", "h4:has-text('Rules')"),
    ("/endpoints", "h4:has-text('Endpoints')"),
    ("/deliveries", "h4:has-text('Delivery log')"),
    ("/audit", "h4:has-text('Audit log')"),
    ("/team", "h4:has-text('Team')"),
    ("/settings", "h4:has-text('Settings')"),
];

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = "/usr/bin/chromium",
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
var page = await (await browser.NewContextAsync(new() { BaseURL = baseUrl })).NewPageAsync();
await page.GotoAsync("/Account/Login");
await page.GetByLabel("Email").FillAsync(email);
await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
await page.WaitForURLAsync(url => !url.Contains("/Account/Login"));

Console.WriteLine("| page | server time to first byte, median (max) | content on screen, median (max) |");
Console.WriteLine("|---|---:|---:|");
foreach (var (path, ready) in pages)
{
    var ttfb = new List<double>();
    var visible = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        IResponse? response;
        try
        {
            response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit });
            await page.Locator(ready).First.WaitForAsync(new() { Timeout = 15_000 });
        }
        catch (Exception ex) when (ex is TimeoutException or PlaywrightException)
        {
            await page.ScreenshotAsync(new() { Path = $"/tmp/pagetimings{path.Replace('/', '_')}.png" });
            Console.WriteLine($"| {path} | not measured: {ex.Message.Split('\n')[0]} | |");
            break;
        }
        visible.Add(clock.Elapsed.TotalMilliseconds);
        var timing = response!.Request.Timing;
        ttfb.Add(timing.ResponseStart - timing.RequestStart);
    }
    if (visible.Count == runs)
    {
        // The first run warms caches and the circuit; report the rest.
        string Stat(List<double> values) => $"{Median(values.Skip(1).ToList()):F0} ms ({values.Skip(1).Max():F0} ms)";
        Console.WriteLine($"| {path} | {Stat(ttfb)} | {Stat(visible)} |");
    }
}

static double Median(List<double> values)
{
    values.Sort();
    return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
}
