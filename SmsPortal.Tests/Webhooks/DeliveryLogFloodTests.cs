using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Webhooks;

namespace SmsPortal.Tests.Webhooks;

/// <summary>A leaked endpoint URL cannot fill the disk or push real deliveries out of the log; unknown endpoints are counted.</summary>
public sealed class DeliveryLogFloodTests
{
    private const int MaxUnverified = 100;

    [Fact]
    public async Task TenThousandUnsignedPosts_AtMostTheConfiguredRowsAndTheRealDeliveryKept()
    {
        await using var app = new TestApp(settings: new()
        {
            ["Webhooks:DeliveryLogMaxUnverifiedPerEndpoint"] = MaxUnverified.ToString(),
        });
        var endpoint = await app.CreateEndpointAsync();
        using var client = app.CreateHttpClient();
        (await client.PostAsync(endpoint, Deliveries.Body("real-1"))).EnsureSuccessStatusCode();
        var junk = Encoding.UTF8.GetBytes(Deliveries.Body("forged"));

        var sent = 0;
        await Parallel.ForAsync(0, 10_000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Path) { Content = new ByteArrayContent(junk) };
            request.Headers.TryAddWithoutValidation("X-Padding", new string('x', 4000));
            request.Headers.TryAddWithoutValidation("X-Signature", "t=1,v1=forged");
            using var response = await client.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Interlocked.Increment(ref sent);
        });

        // The log's queue may still hold entries when the cap is first seen (it writes up to 1,000 a flush, then
        // trims): wait until the log has been capped with nothing new written for a second.
        List<DeliveryLogEntry> rows = [];
        var (lastNewest, since) = (0L, DateTime.UtcNow);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            rows = await db.DeliveryLog.AsNoTracking().Where(d => d.EndpointId == endpoint.Id).ToListAsync();
            var newest = rows.Count == 0 ? 0 : rows.Max(r => r.Id);
            if (newest != lastNewest)
            {
                (lastNewest, since) = (newest, DateTime.UtcNow);
            }
            return rows.Count(r => r.Outcome == DeliveryOutcome.BadSignature) == MaxUnverified && DateTime.UtcNow - since > TimeSpan.FromSeconds(1);
        }, "the forged requests are logged up to the cap and the log is quiet", timeoutSeconds: 30);
        await using var after = app.CreateDbContext();
        var total = await after.DeliveryLog.CountAsync(d => d.EndpointId == endpoint.Id);

        Assert.Equal(10_000, sent);
        Assert.Equal(MaxUnverified + 1, total);
        Assert.Contains(rows, r => r.Outcome == DeliveryOutcome.Accepted);
        var forged = rows.First(r => r.Outcome == DeliveryOutcome.BadSignature);
        Assert.DoesNotContain("X-Padding", forged.Headers);
        Assert.Contains("(redacted)", forged.Headers);
        Assert.True(forged.Headers!.Length < 300, forged.Headers);
    }

    [Fact]
    public async Task UnknownEndpoint_ManyPosts_CountedNotLoggedOneByOne()
    {
        var logs = new CapturedLogs();
        await using var app = new TestApp(settings: new() { ["Logging:LogLevel:SmsPortal"] = "Information" },
            configureServices: services => services.AddSingleton<ILoggerProvider>(logs));
        using var client = app.CreateHttpClient();

        for (var i = 0; i < 200; i++)
        {
            using var response = await client.PostRawAsync($"/hooks/sms/ep_nosuchendpoint{i % 7}", Encoding.UTF8.GetBytes("{}"), null);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Equal(200, app.Services.GetRequiredService<DeliveryLog>().UnknownEndpointDeliveries);
        Assert.True(logs.Lines.Count(l => l.Message.Contains("unknown endpoint", StringComparison.OrdinalIgnoreCase)) <= 1,
            string.Join(Environment.NewLine, logs.Lines.Select(l => l.Message)));
        await using var db = app.CreateDbContext();
        Assert.Equal(0, await db.DeliveryLog.CountAsync());
    }
}
