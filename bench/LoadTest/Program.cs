// End-to-end load test for processing and outbound: signed webhooks in, replies out at a fake gateway.
// Usage: LoadTest <appUrl> <endpointId> <secret> <gatewayPort> latency <ratePerSecond> <seconds>
//        LoadTest <appUrl> <endpointId> <secret> <gatewayPort> throughput <messages> <concurrency>
// Every message has its own sender number (so the loop guard never interferes) and starts with one of 100
// keywords, so each one fires exactly one of the 100 rules and produces exactly one reply.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

var (appUrl, endpointId, secret, gatewayPort, mode) = (args[0], args[1], Encoding.UTF8.GetBytes(args[2]), int.Parse(args[3]), args[4]);
var sentAt = new ConcurrentDictionary<string, long>();
var run = Guid.NewGuid().ToString("N")[..8];
var repliedAt = new ConcurrentDictionary<string, long>();

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, gatewayPort));
var gateway = builder.Build();
gateway.MapPost("/messages", async (HttpContext context) =>
{
    var now = Stopwatch.GetTimestamp();
    using var json = await JsonDocument.ParseAsync(context.Request.Body);
    var to = json.RootElement.GetProperty("to").GetString()!;
    repliedAt.TryAdd(to, now);
    return Results.Json(new { id = "gw-" + json.RootElement.GetProperty("id").GetString(), status = "queued" });
});
await gateway.StartAsync();

using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(appUrl), Timeout = TimeSpan.FromSeconds(30) };
var failures = 0;

async Task SendAsync(int i)
{
    var sender = $"+1{(mode == "latency" ? 555 : 556)}{i:D7}";
    var body = Encoding.UTF8.GetBytes($$"""{"id":"load-{{run}}-{{i}}","from":"{{sender}}","text":"kw{{i % 100}} hello","receivedAt":"{{DateTimeOffset.UtcNow:O}}"}""");
    using var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/sms/{endpointId}") { Content = new ByteArrayContent(body) };
    request.Content.Headers.ContentType = new("application/json");
    request.Headers.TryAddWithoutValidation("X-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(secret, body)));
    sentAt[sender] = Stopwatch.GetTimestamp();
    try
    {
        using var response = await client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref failures);
        }
    }
    catch (Exception)
    {
        Interlocked.Increment(ref failures);
    }
}

var clock = Stopwatch.StartNew();
int total;
var warmup = 0;
if (mode == "drain")
{
    // A backlog was stored before the app started; measure how fast its replies arrive.
    total = int.Parse(args[5]);
    var drainDeadline = Stopwatch.StartNew();
    while (repliedAt.Count < total && drainDeadline.Elapsed < TimeSpan.FromSeconds(300))
    {
        await Task.Delay(50);
    }
    var stamps = repliedAt.Values.Order().ToArray();
    var span = stamps.Length < 2 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(stamps[0], stamps[^1]);
    Console.WriteLine($"mode=drain backlog={total} replies={repliedAt.Count} first_to_last_seconds={span.TotalSeconds:F2} drain_rate={(span > TimeSpan.Zero ? stamps.Length / span.TotalSeconds : 0):F0}/s");
    // Replies per second from the first one: shows whether a cold drain is slow at its start (JIT) or throughout.
    var perSecond = stamps.Length == 0 ? [] : stamps
        .GroupBy(s => (int)Stopwatch.GetElapsedTime(stamps[0], s).TotalSeconds)
        .OrderBy(g => g.Key).Select(g => g.Count().ToString()).ToArray();
    Console.WriteLine($"drain_per_second={string.Join(',', perSecond)}");
    await gateway.StopAsync();
    return;
}
if (mode == "latency")
{
    var rate = int.Parse(args[5]);
    var seconds = int.Parse(args[6]);
    // The first two seconds warm the app up (JIT, first queries, the gateway connection) and are not reported,
    // as wrk's warm-up is not in the webhook benchmark.
    warmup = rate * 2;
    total = rate * seconds + warmup;
    var tasks = new List<Task>(total);
    for (var i = 0; i < total; i++)
    {
        // Open loop: each message leaves at its scheduled time whatever the app's answers do.
        var due = TimeSpan.FromSeconds((double)i / rate);
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
        tasks.Add(SendAsync(i));
    }
    await Task.WhenAll(tasks);
}
else
{
    total = int.Parse(args[5]);
    var concurrency = int.Parse(args[6]);
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < total)
        {
            await SendAsync(i);
        }
    }));
}
var ingested = clock.Elapsed;

var deadline = Stopwatch.StartNew();
while (repliedAt.Count < total - failures && deadline.Elapsed < TimeSpan.FromSeconds(120))
{
    await Task.Delay(50);
}
var done = clock.Elapsed;

var warmupSenders = Enumerable.Range(0, warmup).Select(i => $"+1555{i:D7}").ToHashSet();
var latencies = repliedAt.Where(r => sentAt.ContainsKey(r.Key) && !warmupSenders.Contains(r.Key))
    .Select(r => Stopwatch.GetElapsedTime(sentAt[r.Key], r.Value).TotalMilliseconds)
    .Order().ToArray();
double Percentile(double p) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];

Console.WriteLine($"mode={mode} messages={total} (warm-up {warmup}, not in the latencies) webhook_failures={failures} replies={repliedAt.Count} missing={total - failures - repliedAt.Count}");
Console.WriteLine($"ingest_seconds={ingested.TotalSeconds:F2} ingest_rate={total / ingested.TotalSeconds:F0}/s");
Console.WriteLine($"end_to_end_seconds={done.TotalSeconds:F2} processed_rate={repliedAt.Count / done.TotalSeconds:F0}/s");
Console.WriteLine($"latency_ms p50={Percentile(0.50):F1} p90={Percentile(0.90):F1} p99={Percentile(0.99):F1} max={(latencies.Length == 0 ? double.NaN : latencies[^1]):F1}");
await gateway.StopAsync();
