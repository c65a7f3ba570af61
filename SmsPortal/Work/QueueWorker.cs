using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using SmsPortal.Common;

namespace SmsPortal.Work;

/// <summary>
/// The one shape of every background queue (inbound processing, the outbox, forwards): claim leased rows, run
/// each unit of work as its own task, renew the leases while it runs, and claim more as capacity frees. A unit
/// settles its rows itself, each in its own commit, so nothing finished is lost when the process dies.
/// </summary>
/// <remarks>
/// Capacity is counted per row, overall (<see cref="MaxInFlight"/>) and per workspace
/// (<see cref="MaxInFlightPerWorkspace"/>): a workspace whose work hangs (a black-holed gateway) fills only its
/// own share, and the claim skips it while it is full. On shutdown no new work is claimed and the running work
/// is given the host's shutdown timeout to finish and commit.
/// </remarks>
public abstract class QueueWorker<T>(WorkSignal signal, IOptionsMonitor<QueueOptions> options, string queue, ILogger logger)
    : BackgroundService where T : class, ILeased
{
    private readonly ConcurrentDictionary<string, (string Owner, Guid WorkspaceId)> _inFlight = new();
    /// <summary>In flight and still holding their workspace's share: all but those whose work <see cref="LeaveShare"/> said is done.</summary>
    private readonly ConcurrentDictionary<string, Guid> _holdingShare = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    // Never disposed: the host may stop a service twice (stop, then dispose), and it holds no timer.
    private readonly CancellationTokenSource _abort = new();
    private int _units;
    private int _completedSinceClaim;
    private int _claimEvery = 1;
    /// <summary>
    /// The last claim stopped at a limit (the node's room, a workspace's share) rather than at the end of what was
    /// claimable: work that leaves a share may let the next claim take more. Otherwise there is nothing to take
    /// until new work is signalled or a unit ends.
    /// </summary>
    private volatile bool _bound = true;

    protected QueueOptions Options => options.Get(queue);

    protected string Queue => queue;

    /// <summary>
    /// Ids this node is working on now. A claim leaves them out even where their lease has run out (a renewal that
    /// came late on a loaded machine): taking over one's own running send would settle it twice or send it twice.
    /// </summary>
    protected IReadOnlyList<string> Working => [.. _inFlight.Keys];

    /// <summary>How many more rows of a workspace this node may take now: its share (and what it may take ahead) less what it works on.</summary>
    protected int RoomFor(Guid workspaceId) => ClaimLimitFor(workspaceId) - _holdingShare.Values.Count(w => w == workspaceId);

    private int ClaimLimitFor(Guid workspaceId) => (int)Math.Min(int.MaxValue, (long)MaxInFlightPerWorkspace + Math.Max(0, ClaimAheadFor(workspaceId)));

    /// <summary>
    /// The slow part of an item's work is done (the outbox: its gateway answered) and only its commit is left: it
    /// stops counting against its workspace's share, so the workspace's next item can start while the commit waits
    /// for the disk. It still counts against <see cref="MaxInFlight"/> and keeps its lease until the unit ends.
    /// </summary>
    protected void LeaveShare(string id)
    {
        if (_holdingShare.TryRemove(id, out _) && Interlocked.Increment(ref _completedSinceClaim) >= Volatile.Read(ref _claimEvery) && _bound)
        {
            signal.Notify();
        }
    }

    /// <summary>Rows worked on at once by this node.</summary>
    protected abstract int MaxInFlight { get; }

    protected virtual int MaxInFlightPerWorkspace => int.MaxValue;

    /// <summary>
    /// Rows of a workspace a claim may take beyond its share, to wait on this node until a running one leaves the
    /// share (0: none). Each claim is a commit; rows taken ahead start the moment a slot frees instead of after the
    /// next claim's commit. The unit itself must then keep the share (see the outbox's gateway slots). They do not
    /// count against <see cref="MaxInFlight"/> while they wait.
    /// </summary>
    protected virtual int ClaimAheadFor(Guid workspaceId) => 0;

    /// <summary>Units run at once by this node (the inbound queue works one batch at a time).</summary>
    protected virtual int MaxUnits => int.MaxValue;

    /// <summary>The longest wait for new work when nothing signals it (work of another node, a retry coming due).</summary>
    protected virtual TimeSpan IdlePoll => TimeSpan.FromSeconds(2);

    /// <summary>Takes up to <paramref name="capacity"/> rows, none of the <paramref name="full"/> workspaces.</summary>
    protected abstract Task<Claim<T>> ClaimAsync(int capacity, IReadOnlyCollection<Guid> full, CancellationToken cancellationToken);

    /// <summary>Works on one unit and settles it (releasing its leases); runs concurrently with other units.</summary>
    protected abstract Task RunAsync(IReadOnlyList<T> unit, string owner, CancellationToken cancellationToken);

    protected abstract Task<int> RenewAsync(string owner, IReadOnlyCollection<string> ids, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>How a claim splits into units: one row each unless a queue works in batches.</summary>
    protected virtual IEnumerable<IReadOnlyList<T>> Units(IReadOnlyList<T> claimed) => claimed.Select(item => (IReadOnlyList<T>)[item]);

    /// <summary>Runs before each claim (e.g. to settle rows a dead node left half-done).</summary>
    protected virtual Task BeforeClaimAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var renewal = RenewLoopAsync(_abort.Token);
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = 0;
            try
            {
                started = await ClaimAndStartAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Claiming work from the {Queue} queue failed; will try again", queue);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            if (started == 0)
            {
                await signal.WaitAsync(IdlePoll, stoppingToken);
            }
        }
        _ = renewal;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("{Count} item(s) of the {Queue} queue were still running at shutdown; their leases will run out", _inFlight.Count, queue);
        }
        catch (Exception)
        {
            // Each unit logs its own failure.
        }
        await _abort.CancelAsync();
    }

    private async Task<int> ClaimAndStartAsync(CancellationToken stoppingToken)
    {
        await BeforeClaimAsync(stoppingToken);
        var holding = _holdingShare.Values.GroupBy(w => w).Select(g => (Workspace: g.Key, Count: g.Count())).ToList();
        // Rows a workspace holds beyond its share (claimed ahead) wait for a slot of its own, so they take none of the
        // node's room: a workspace whose work hangs still leaves the rest of the node to the others.
        var ahead = holding.Sum(h => Math.Max(0, h.Count - MaxInFlightPerWorkspace));
        var capacity = MaxInFlight - (_inFlight.Count - ahead);
        if (capacity <= 0 || Volatile.Read(ref _units) >= MaxUnits)
        {
            _bound = true;
            return 0;
        }
        var full = holding.Where(h => h.Count >= ClaimLimitFor(h.Workspace)).Select(h => h.Workspace).ToList();
        var started = Stopwatch.GetTimestamp();
        var claim = await ClaimAsync(capacity, full, stoppingToken);
        WorkMetrics.RecordClaim(queue, Stopwatch.GetElapsedTime(started), claim.Items.Count);
        _bound = full.Count > 0 || claim.Items.Count >= capacity;
        if (claim.Items.Count == 0)
        {
            // A batching queue's Units would make one empty unit, whose end signals this loop again: a busy loop.
            return 0;
        }
        // While much is in flight, finished work wakes the claim only every quarter of it, so one claim (one commit)
        // takes many rows instead of one per finished send. New work and the idle poll always wake it.
        Volatile.Write(ref _completedSinceClaim, 0);
        Volatile.Write(ref _claimEvery, Math.Max(1, (_inFlight.Count + claim.Items.Count) / 4));
        var units = Units(claim.Items).ToList();
        foreach (var item in units.SelectMany(unit => unit))
        {
            _inFlight[item.Id] = (claim.Owner, item.WorkspaceId);
            _holdingShare[item.Id] = item.WorkspaceId;
        }
        // A workspace the claim filled to its share (the fair share left some of its rows out) waits for a share to free.
        _bound = _bound || claim.Items.Select(i => i.WorkspaceId).Distinct().Any(w => RoomFor(w) <= 0);
        foreach (var unit in units)
        {
            Interlocked.Increment(ref _units);
            var task = RunUnitAsync(unit, claim.Owner);
            _running.TryAdd(task, 0);
            _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
        }
        return claim.Items.Count;
    }

    private async Task RunUnitAsync(IReadOnlyList<T> unit, string owner)
    {
        await Task.Yield();
        try
        {
            await RunAsync(unit, owner, _abort.Token);
        }
        catch (Exception ex) when (!_abort.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Work on {Count} item(s) of the {Queue} queue failed; their leases will run out and they will be tried again", unit.Count, queue);
        }
        finally
        {
            foreach (var item in unit)
            {
                _inFlight.TryRemove(item.Id, out _);
                _holdingShare.TryRemove(item.Id, out _);
            }
            Interlocked.Decrement(ref _units);
            if (Interlocked.Increment(ref _completedSinceClaim) >= Volatile.Read(ref _claimEvery) || _inFlight.IsEmpty)
            {
                signal.Notify();
            }
        }
    }

    private async Task RenewLoopAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(Options.LeaseDuration / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var group in _inFlight.ToArray().GroupBy(e => e.Value.Owner))
                {
                    var ids = group.Select(e => e.Key).ToList();
                    try
                    {
                        var held = await RenewAsync(group.Key, ids, Options.LeaseDuration, cancellationToken);
                        if (held < ids.Count)
                        {
                            logger.LogDebug("{Count} lease(s) of the {Queue} queue were settled or taken over before renewal", ids.Count - held, queue);
                        }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        logger.LogWarning(ex, "Renewing leases of the {Queue} queue failed", queue);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
