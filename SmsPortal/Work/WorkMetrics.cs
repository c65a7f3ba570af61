using System.Diagnostics.Metrics;

namespace SmsPortal.Work;

/// <summary>The app's meter, and the counters every queue shares.</summary>
public static class WorkMetrics
{
    public const string MeterName = "SmsPortal";

    public static Meter Meter { get; } = new(MeterName);

    private static readonly Counter<long> Reclaims = Meter.CreateCounter<long>(
        "smsportal.queue.lease_reclaims", "{item}", "Items taken over from a node whose lease ran out (it stopped or hung).");

    private static readonly Histogram<double> ClaimDuration = Meter.CreateHistogram<double>(
        "smsportal.queue.claim.duration", "s", "How long one claim of a queue took, from its first query to its commit.");

    private static readonly Histogram<int> ClaimSize = Meter.CreateHistogram<int>(
        "smsportal.queue.claim.size", "{item}", "Items one claim of a queue took (0: it found nothing it could take).");

    private static readonly Histogram<int> GroupCommitSize = Meter.CreateHistogram<int>(
        "smsportal.group_commit.size", "{piece}", "Pieces of work (outbox settlements) one group commit committed together.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });

    public static void RecordGroupCommit(int pieces) => GroupCommitSize.Record(pieces);

    public static void RecordClaim(string queue, TimeSpan duration, int items)
    {
        var tag = new KeyValuePair<string, object?>("queue", queue);
        ClaimDuration.Record(duration.TotalSeconds, tag);
        ClaimSize.Record(items, tag);
    }

    public static void RecordReclaims(string queue, int count)
    {
        if (count > 0)
        {
            Reclaims.Add(count, new KeyValuePair<string, object?>("queue", queue));
        }
    }
}
