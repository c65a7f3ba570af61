using System.Collections.Concurrent;
using SmsPortal.Audit;
using SmsPortal.Common;

namespace SmsPortal.RuleSets.DryRun;

public enum DryRunState
{
    Running,
    Done,
    Cancelled,
    Failed,
}

/// <summary>A dry run going on in the background: its progress, then its report; the page that started it polls or listens.</summary>
public sealed class DryRunJob(Guid workspaceId, DryRunScope scope)
{
    private readonly CancellationTokenSource _cancel = new();

    public Guid Id { get; } = Guid.NewGuid();
    public Guid WorkspaceId { get; } = workspaceId;
    public DryRunScope Scope { get; } = scope;
    public DryRunState State { get; private set; } = DryRunState.Running;
    public int Done { get; private set; }
    public int Total { get; private set; }
    public DryRunReport? Report { get; private set; }
    public string? Error { get; private set; }

    /// <summary>Raised on progress and when the run ends, on a worker thread.</summary>
    public event Action? Changed;

    public void Cancel() => _cancel.Cancel();

    internal async Task RunAsync(Func<IProgress<(int, int)>, CancellationToken, Task<DryRunReport>> run)
    {
        try
        {
            Report = await run(new Progress(this), _cancel.Token);
            State = DryRunState.Done;
        }
        catch (OperationCanceledException)
        {
            State = DryRunState.Cancelled;
        }
        catch (UserInputException ex)
        {
            (State, Error) = (DryRunState.Failed, ex.Message);
        }
        catch (Exception)
        {
            (State, Error) = (DryRunState.Failed, "The dry run failed; the log has the details.");
            throw;
        }
        finally
        {
            // The source is not disposed: a page may still press Cancel on a run that has ended.
            Changed?.Invoke();
        }
    }

    private sealed class Progress(DryRunJob job) : IProgress<(int, int)>
    {
        public void Report((int, int) value)
        {
            (job.Done, job.Total) = value;
            job.Changed?.Invoke();
        }
    }
}

/// <summary>The dry runs of this node, one at a time per workspace; a finished one is kept until the next starts.</summary>
public sealed class DryRunJobs(DryRunService service, ILogger<DryRunJobs> logger)
{
    private readonly ConcurrentDictionary<Guid, DryRunJob> _byWorkspace = new();

    public DryRunJob? Current(Guid workspaceId) => _byWorkspace.GetValueOrDefault(workspaceId);

    /// <summary>Starts a dry run, cancelling one still running for the workspace.</summary>
    public DryRunJob Start(Guid workspaceId, Actor actor, DryRunScope scope)
    {
        var job = new DryRunJob(workspaceId, scope);
        if (_byWorkspace.TryGetValue(workspaceId, out var previous) && previous.State == DryRunState.Running)
        {
            previous.Cancel();
        }
        _byWorkspace[workspaceId] = job;
        _ = Task.Run(async () =>
        {
            try
            {
                await job.RunAsync((progress, token) => service.RunAsync(workspaceId, actor, scope, progress, token));
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Dry run {JobId} of workspace {WorkspaceId} failed", job.Id, workspaceId);
            }
        });
        return job;
    }
}
