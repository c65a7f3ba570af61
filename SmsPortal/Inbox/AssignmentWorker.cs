using System.Threading.Channels;
using SmsPortal.Live;

namespace SmsPortal.Inbox;

/// <summary>Workspaces whose queue or members changed, for <see cref="AssignmentWorker"/> to distribute.</summary>
public sealed class AssignmentSignal
{
    private readonly Channel<Guid> _workspaces = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public void Notify(Guid workspaceId) => _workspaces.Writer.TryWrite(workspaceId);

    internal ChannelReader<Guid> Reader => _workspaces.Reader;
}

/// <summary>
/// Runs <see cref="AutoAssigner"/> when a message arrives or a conversation is closed, unassigned or reassigned on
/// this node, and every <see cref="SweepInterval"/> for every auto-assigning workspace (a snooze that ran out, a
/// change made on another node). Assignments are conditional updates, so two nodes never assign one conversation twice.
/// </summary>
public sealed class AssignmentWorker(AutoAssigner assigner, AssignmentSignal signal, LiveUpdates live, TimeProvider time, ILogger<AssignmentWorker> logger)
    : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        live.PublishedHere += OnPublished;
        try
        {
            await Task.WhenAll(DistributeSignalledAsync(stoppingToken), SweepAsync(stoppingToken));
        }
        finally
        {
            live.PublishedHere -= OnPublished;
        }
    }

    private void OnPublished(LiveUpdate update)
    {
        if (update.Kind == LiveUpdateKind.MessageReceived)
        {
            signal.Notify(update.WorkspaceId);
        }
    }

    private async Task DistributeSignalledAsync(CancellationToken stoppingToken)
    {
        // Signals that arrive while a distribution runs are taken together: a batch of 200 new messages in one
        // workspace is one distribution, not 200.
        var workspaces = new HashSet<Guid>();
        while (await signal.Reader.WaitToReadAsync(stoppingToken))
        {
            workspaces.Clear();
            while (signal.Reader.TryRead(out var workspaceId))
            {
                workspaces.Add(workspaceId);
            }
            foreach (var workspaceId in workspaces)
            {
                await RunAsync(() => assigner.DistributeAsync(workspaceId, stoppingToken), stoppingToken);
            }
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(SweepInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await RunAsync(async () =>
            {
                await assigner.WakeSnoozedAsync(stoppingToken);
                foreach (var workspaceId in await assigner.WorkspacesAsync(stoppingToken))
                {
                    signal.Notify(workspaceId);
                }
            }, stoppingToken);
        }
    }

    private async Task RunAsync(Func<Task> work, CancellationToken stoppingToken)
    {
        try
        {
            await work();
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Assigning conversations failed; the next sweep tries again");
        }
    }
}
