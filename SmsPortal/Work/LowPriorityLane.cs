using System.Runtime.InteropServices;

namespace SmsPortal.Work;

/// <summary>
/// One thread that the operating system runs at a lower priority than the rest of the process, and a
/// <see cref="SynchronizationContext"/> that keeps async work started on it coming back to it after each await.
/// Work here gets the CPU the webhooks, the portal and the sends leave: when the machine is idle it runs at once;
/// when it is saturated it waits instead of taking the cores from the requests that are waiting for an answer.
/// </summary>
/// <remarks>
/// Nothing that holds a lock others wait for (SQLite's write turn, a row lock) may run here: a starved thread
/// holding it would make everyone wait for the starved thread (priority inversion). Such work goes through
/// <see cref="Task.Run(Func{Task})"/>, on the thread pool at normal priority, and comes back here after.
/// On Linux the thread's nice value is raised (<c>setpriority</c> on its thread id, which needs no privilege);
/// elsewhere <see cref="Thread.Priority"/> is lowered.
/// </remarks>
public sealed class LowPriorityLane : SynchronizationContext, IDisposable
{
    /// <summary>The nice value of the lane's thread: CFS gives a nice-10 thread about a tenth of a nice-0 one's share.</summary>
    public const int Nice = 10;

    private readonly Lock _lock = new();
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = [];
    /// <summary>Set when work is posted; a kernel event, which sleeps at once where a <see cref="SemaphoreSlim"/> spins first.</summary>
    private readonly AutoResetEvent _posted = new(false);
    private bool _completed;
    private readonly Thread _thread;
    private readonly ILogger _logger;

    public LowPriorityLane(string name, ILogger logger)
    {
        _logger = logger;
        _thread = new Thread(Pump) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Whether the thread's priority was lowered (false where the platform refused).</summary>
    public bool Lowered { get; private set; }

    /// <summary>The thread's id in the operating system (Linux: its <c>/proc/self/task</c> entry), once it runs.</summary>
    internal int? NativeThreadId { get; private set; }

    /// <summary>
    /// Runs work that holds something other writers wait for (SQLite's write turn, row locks) at normal priority: on
    /// the thread pool when called on a lane, whose awaits come back to the lane after; inline anywhere else.
    /// </summary>
    public static Task<T> AtNormalPriority<T>(Func<Task<T>> work) => Current is LowPriorityLane ? Task.Run(work) : work();

    /// <inheritdoc cref="AtNormalPriority{T}(Func{Task{T}})"/>
    public static Task AtNormalPriority(Func<Task> work) => Current is LowPriorityLane ? Task.Run(work) : work();

    /// <summary>Refuses to take <paramref name="what"/> on a lane (see the remarks: a starved holder makes everyone wait).</summary>
    public static void ThrowIfOnLane(string what)
    {
        if (Current is LowPriorityLane lane)
        {
            throw new InvalidOperationException($"{what} was taken on the low-priority thread {lane._thread.Name}; wrap the work in LowPriorityLane.AtNormalPriority.");
        }
    }

    /// <summary>Runs <paramref name="work"/> on the lane; its continuations stay on the lane unless it leaves it.</summary>
    public Task RunAsync(Func<Task> work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(_ => _ = StartAsync(work, done), null);
        return done.Task;
    }

    private static async Task StartAsync(Func<Task> work, TaskCompletionSource done)
    {
        try
        {
            await work();
            done.TrySetResult();
        }
        catch (OperationCanceledException ex)
        {
            done.TrySetCanceled(ex.CancellationToken);
        }
        catch (Exception ex)
        {
            done.TrySetException(ex);
        }
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_lock)
        {
            if (!_completed)
            {
                _queue.Enqueue((d, state));
                _posted.Set();
                return;
            }
        }
        // Disposed: the host is stopping; what is still posted runs on the thread pool rather than being lost.
        ThreadPool.UnsafeQueueUserWorkItem(s => d(s), state, preferLocal: false);
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (Thread.CurrentThread == _thread)
        {
            d(state);
            return;
        }
        using var done = new ManualResetEventSlim();
        Exception? error = null;
        Post(_ =>
        {
            try
            {
                d(state);
            }
            catch (Exception ex)
            {
                error = ex;
            }
            finally
            {
                done.Set();
            }
        }, null);
        done.Wait();
        if (error is not null)
        {
            throw new AggregateException(error);
        }
    }

    public override SynchronizationContext CreateCopy() => this;

    private void Pump()
    {
        Lowered = Lower();
        SetSynchronizationContext(this);
        while (true)
        {
            (SendOrPostCallback Callback, object? State) next;
            lock (_lock)
            {
                if (!_queue.TryDequeue(out next))
                {
                    if (_completed)
                    {
                        return;
                    }
                    next = default;
                }
            }
            if (next.Callback is null)
            {
                _posted.WaitOne();
                continue;
            }
            try
            {
                next.Callback(next.State);
            }
            catch (Exception ex)
            {
                // An await's continuation does not throw (its exception goes to its task); a bare Post could.
                _logger.LogError(ex, "Work on the low-priority thread {Thread} failed", _thread.Name);
            }
        }
    }

    private bool Lower()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                NativeThreadId = GetThreadId();
                return SetPriority(PrioProcess, NativeThreadId.Value, Nice) == 0;
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                return false;
            }
        }
        try
        {
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
            return true;
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or ThreadStateException)
        {
            return false;
        }
    }

    private const int PrioProcess = 0;

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();

    public void Dispose()
    {
        lock (_lock)
        {
            _completed = true;
        }
        _posted.Set();
    }
}
