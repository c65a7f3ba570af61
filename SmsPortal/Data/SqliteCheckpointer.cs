using System.Data;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Work;

namespace SmsPortal.Data;

/// <summary>
/// Moves the SQLite write-ahead log into the database file in the background. Left to itself SQLite checkpoints
/// inside whichever commit crosses 1,000 pages — often the webhook's group commit, which then waits for the copy
/// and its fsyncs while every delivery in the batch waits with it. A passive checkpoint never blocks writers.
/// </summary>
/// <remarks>
/// A passive checkpoint alone never lets the log start again from its beginning while writes keep coming: it copies
/// up to the oldest reader's snapshot, new frames arrive while it runs, so the log is never wholly copied, and SQLite
/// only rewinds a wholly copied log. Under webhook load the file grew by 40 MB a second (826 MB after 20 s), for as
/// long as the load lasted, and each frame written extended it (the kernel zeroing its new blocks: 6 % of the
/// server's CPU). So once the log holds <see cref="RestartFrames"/> frames, the passive checkpoint is followed by a
/// <c>RESTART</c> one inside the write turn: the writers of this process queue while it copies the frames the passive
/// one left (24 ms a second under that load), and the next commit writes the log from its start again.
/// </remarks>
public sealed class SqliteCheckpointer(IDbContextFactory<AppDbContext> dbFactory, SqliteWriteGate writeGate, ILogger<SqliteCheckpointer> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>About 16 MB of 4 KB pages.</summary>
    internal const int RestartFrames = 4096;

    /// <summary>Bytes of log file kept when the log starts over (<c>journal_size_limit</c>); what a burst grew beyond it is given back.</summary>
    internal const long LogSizeLimit = 64L * 1024 * 1024;

    private static readonly TimeSpan RestartWait = TimeSpan.FromMilliseconds(50);

    private static readonly Counter<long> Restarts = WorkMetrics.Meter.CreateCounter<long>(
        "smsportal.sqlite.wal.restarts", null, "Times the write-ahead log was copied whole and started again from its beginning.");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckpointOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await CheckpointAsync("TRUNCATE", CancellationToken.None);
    }

    /// <summary>
    /// One round: a passive checkpoint, then a restart of the log when it has grown past <see cref="RestartFrames"/>.
    /// Returns the frames the log held (-1 when the checkpoint could not run).
    /// </summary>
    internal async Task<long> CheckpointOnceAsync(CancellationToken cancellationToken)
    {
        var (copied, frames) = await CheckpointAsync("PASSIVE", cancellationToken);
        if (copied && frames >= RestartFrames)
        {
            using var turn = await SqliteWriteGate.TakeTurnAsync(writeGate, "checkpoint");
            if ((await CheckpointAsync("RESTART", cancellationToken)).Copied)
            {
                Restarts.Add(1);
            }
        }
        return frames;
    }

    /// <summary>
    /// Runs <c>PRAGMA wal_checkpoint(mode)</c>: whether it copied the log up to the point the mode asks for, and the
    /// frames the log holds. A restart waits at most <see cref="RestartWait"/> for readers still in the log (a long
    /// report holds the writers of this process no longer than that); it is tried again at the next round.
    /// </summary>
    private async Task<(bool Copied, long Frames)> CheckpointAsync(string mode, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            if (mode == "RESTART")
            {
                // For this command only: the pragma interceptor sets the configured timeout again at the pooled
                // connection's next open.
                command.CommandText = $"PRAGMA busy_timeout={(int)RestartWait.TotalMilliseconds};";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            command.CommandText = $"PRAGMA wal_checkpoint({mode});";
            long busy = 1, frames = -1;
            await using (var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    // busy, frames in the log, frames copied into the database
                    (busy, frames) = (reader.GetInt64(0), reader.GetInt64(1));
                }
            }
            return (busy == 0 && frames >= 0, frames);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogDebug(ex, "wal_checkpoint({Checkpoint}) did not run this time", mode);
            return (false, -1);
        }
    }
}
