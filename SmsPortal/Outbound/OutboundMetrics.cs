using System.Diagnostics.Metrics;
using SmsPortal.Work;

namespace SmsPortal.Outbound;

/// <summary>Sends by outcome and their latency by gateway (exported on <c>/metrics</c> when it is on).</summary>
internal static class OutboundMetrics
{
    private static readonly Counter<long> Deliveries = WorkMetrics.Meter.CreateCounter<long>(
        "smsportal.outbound.deliveries", "{message}", "Gateway answers to sends, by outcome (sent, permanent_failure, transient_failure, uncertain).");

    private static readonly Histogram<double> Latency = WorkMetrics.Meter.CreateHistogram<double>(
        "smsportal.outbound.send.duration", "s", "How long one send to the gateway took, by gateway.");

    public static void RecordSend(GatewayType gateway, GatewaySendOutcome outcome, TimeSpan elapsed)
    {
        var gatewayTag = new KeyValuePair<string, object?>("gateway", gateway.ToString().ToLowerInvariant());
        Deliveries.Add(1, gatewayTag, new("outcome", outcome switch
        {
            GatewaySendOutcome.Sent => "sent",
            GatewaySendOutcome.PermanentFailure => "permanent_failure",
            GatewaySendOutcome.Uncertain => "uncertain",
            _ => "transient_failure",
        }));
        Latency.Record(elapsed.TotalSeconds, gatewayTag);
    }
}
