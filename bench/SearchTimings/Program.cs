// Server time of the inbox search over a seeded database (bench/search.sh): SearchService.SearchAsync, the whole of what
// the portal's search box runs (visibility, contacts by name and number, full-text candidates, ranking, snippets),
// called in-process on the configured provider (Database__* as the app reads them). Prints p50/p99 per query.
// Usage: SearchTimings EMAIL RUNS "label=query" ...
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Data;
using SmsPortal.Search;

var (email, runs) = (args[0], int.Parse(args[1]));
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var services = new ServiceCollection()
    .AddLogging()
    .AddSingleton(TimeProvider.System)
    .AddSmsPortalData(configuration, AppContext.BaseDirectory)
    .AddSearch()
    .BuildServiceProvider();
var (workspaceId, userId) = await OwnerAsync(services.GetRequiredService<IDbContextFactory<AppDbContext>>(), email);
var search = services.GetRequiredService<SearchService>();
var owner = new Actor(userId, email);

Console.WriteLine("| query | typed | hits | p50 | p99 | max | CPU per search |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
foreach (var (label, query) in args.Skip(2).Select(a => (a[..a.IndexOf('=')], a[(a.IndexOf('=') + 1)..])))
{
    var hits = (await search.SearchAsync(workspaceId, owner, query)).Count;
    for (var i = 0; i < 10; i++)
    {
        await search.SearchAsync(workspaceId, owner, query); // the page cache, the connection pool and the JIT's second tier
    }
    var times = new List<double>(runs);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    for (var i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        await search.SearchAsync(workspaceId, owner, query);
        times.Add(clock.Elapsed.TotalMilliseconds);
    }
    var cpuPerSearch = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / runs;
    times.Sort();
    Console.WriteLine($"| {label} | `{query}` | {hits} | {At(0.50):F1} ms | {At(0.99):F1} ms | {times[^1]:F1} ms | {cpuPerSearch:F1} ms |");
    double At(double p) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(p * times.Count) - 1)];
}

static async Task<(Guid, string)> OwnerAsync(IDbContextFactory<AppDbContext> dbFactory, string email)
{
    await using var db = await dbFactory.CreateDbContextAsync();
    var member = await db.WorkspaceMembers.AsNoTracking().Where(m => m.User!.Email == email).Select(m => new { m.WorkspaceId, m.UserId }).FirstAsync();
    return (member.WorkspaceId, member.UserId);
}
