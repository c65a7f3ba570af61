using System.Net;
using SmsPortal.Rules.Model;
using SmsPortal.Tests.Infrastructure;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.Monitoring;

public sealed class MonitoringTests
{
    [Fact]
    public async Task Metrics_OffByDefault_NotFound()
    {
        await using var app = new TestApp();
        using var client = app.CreateHttpClient();

        using var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_Enabled_ReportsDeliveriesByOutcomeLatencyByGatewayQueueDepthsClaimsAndWriteTurns()
    {
        await using var messaging = await TestApp.StartWithGatewayAsync(settings: new() { ["Metrics:Enabled"] = "true" });
        var endpoint = await messaging.CreateEndpointAsync();
        await messaging.AddRuleAsync(endpoint, Rule("ack", [], new ReplyAction("Got it")));

        await messaging.SendAsync(endpoint, "metrics-1", "hello");
        await messaging.Gateway.WaitForAsync(g => g.Accepted.Count == 1, "the reply is sent");

        string text = "";
        await Eventually.TrueAsync(async () =>
        {
            text = await messaging.Client.GetStringAsync("/metrics");
            return text.Contains("smsportal_outbound_deliveries") && text.Contains("smsportal_queue_depth");
        }, "the scrape shows the send and the queues", 30);
        var lines = text.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("smsportal_outbound_deliveries_total{", StringComparison.Ordinal) && l.Contains("outcome=\"sent\"") && l.Contains("gateway=\"generic\""));
        Assert.Contains(lines, l => l.StartsWith("smsportal_outbound_send_duration_seconds_bucket{", StringComparison.Ordinal) && l.Contains("gateway=\"generic\""));
        Assert.Contains(lines, l => l.StartsWith("smsportal_queue_depth{", StringComparison.Ordinal) && l.Contains("queue=\"parked\""));
        // The claims that took the message and its reply, and the SQLite writers that committed them.
        Assert.Contains(lines, l => l.StartsWith("smsportal_queue_claim_duration_seconds_bucket{", StringComparison.Ordinal) && l.Contains("queue=\"outbound\""));
        Assert.Contains(lines, l => l.StartsWith("smsportal_queue_claim_size_count{", StringComparison.Ordinal) && l.Contains("queue=\"inbound\""));
        Assert.Contains(lines, l => l.StartsWith("smsportal_sqlite_write_turn_held_seconds_total{", StringComparison.Ordinal) && l.Contains("writer=\"group_commit\""));
        Assert.Contains(lines, l => l.StartsWith("dotnet_jit_compiled_methods_total", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("dotnet_gc_collections_total{", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Healthz_DatabaseAnswers_Healthy()
    {
        await using var app = new TestApp();
        using var client = app.CreateHttpClient();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
