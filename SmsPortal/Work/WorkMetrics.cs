using System.Diagnostics.Metrics;

namespace SmsPortal.Work;

/// <summary>The app's meter, and the counters every queue shares.</summary>
public static class WorkMetrics
{
    public const string MeterName = "SmsPortal";

    public static Meter Meter { get; } = new(MeterName);

    private static readonly Counter<long> Reclaims = Meter.CreateCounter<long>(
        "smsportal.queue.lease_reclaims", "{item}", "Items taken over from a node whose lease ran out (it stopped or hung).");

    public static void RecordReclaims(string queue, int count)
    {
        if (count > 0)
        {
            Reclaims.Add(count, new KeyValuePair<string, object?>("queue", queue));
        }
    }
}
