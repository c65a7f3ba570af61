namespace SmsPortal.Common;

/// <summary>
/// A feature's share of the hourly housekeeping: deletes what it keeps only for a while. Registered by the feature
/// itself, so the housekeeping knows no feature's tables.
/// </summary>
public interface IPeriodicCleanup
{
    /// <summary>What is cleaned up, for the log line.</summary>
    string Name { get; }

    /// <returns>How many rows were deleted.</returns>
    Task<int> RunAsync(CancellationToken cancellationToken);
}
