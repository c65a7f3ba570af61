using System.ComponentModel.DataAnnotations;

namespace SmsPortal.Work;

/// <summary>
/// How one work queue retries and leases. Each queue binds its own section (named options): the inbound queue
/// <c>Processing</c>, the outbox <c>Gateway</c>, forwards <c>Forwarding</c>.
/// </summary>
public sealed class QueueOptions
{
    public const string Inbound = "inbound";
    public const string Outbound = "outbound";
    public const string Forward = "forward";

    /// <summary>How many times an item is tried before it is failed (or parked) for good.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed attempt; it doubles with every further one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a node holds what it took before another node may take it over; renewed every third of it while
    /// the work runs, so it only runs out when the node has stopped.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Rows of one workspace worked on at once by one node: a workspace whose work hangs holds no more.</summary>
    [Range(1, 1000)]
    public int MaxInFlightPerWorkspace { get; set; } = 4;

    /// <summary>
    /// Whether the queue's reading and thinking (loading a batch, running its rules) runs on a thread the operating
    /// system schedules below the rest of the process (<see cref="LowPriorityLane"/>): on a saturated machine the
    /// webhooks keep their answers fast and the batches grow fuller and cheaper; on an idle one nothing changes. Its
    /// claims and commits run at normal priority. Only the inbound queue (<c>Processing:BelowNormalPriority</c>) has
    /// such work; the other queues mostly wait on gateways. Unset: on for SQLite, whose reads are this process's CPU,
    /// off for PostgreSQL and SQL Server, where the database server does that work at its own priority and lowering
    /// ours only delayed the processing's wake-ups (measured: SQLite +20 % deliveries/s, PostgreSQL −10 %).
    /// </summary>
    public bool? BelowNormalPriority { get; set; }

    /// <summary>
    /// How long an item may wait while its queue runs below normal priority: a batch whose oldest item has waited
    /// longer (another program saturating the machine, a backlog) is worked on at normal priority, so a busy
    /// neighbour delays replies by about this much rather than starving them. Measured with two busy loops beside
    /// 200 msg/s: reply p99 5.3 s with no limit, 3.4 s at 2 s, 177 ms at 250 ms (243 ms without the lane at all);
    /// the webhooks alone on the machine keep most of the lane's gain at 250 ms.
    /// </summary>
    public TimeSpan MaxLowPriorityWait { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The one backoff policy of every queue: <see cref="RetryDelay"/> doubled per attempt, capped.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(RetryDelay.Ticks * factor, MaxRetryDelay.Ticks));
    }
}
