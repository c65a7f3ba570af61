using SmsPortal.Team;

namespace SmsPortal.Drafts;

/// <summary>
/// Keeps one form's draft on the server while a person types. About once a second it reads the form (on the
/// component's dispatcher, where the form's fields live) and stores what changed, so a lost circuit, a killed
/// process or a deploy costs at most the last second of typing. Values equal to the form's baseline (what it holds
/// with nothing unsent or unsaved) remove the draft instead.
/// </summary>
public sealed class DraftKeeper : IAsyncDisposable
{
    private readonly DraftService _drafts;
    private readonly PortalUser _user;
    private readonly string _key;
    private readonly Func<Action, Task> _invoke;
    private readonly Func<string?> _snapshot;
    private readonly ILogger _logger;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _baseline;
    private string? _stored;
    private Task _loop = Task.CompletedTask;
    private bool _stopped;

    internal DraftKeeper(DraftService drafts, PortalUser user, string key, Func<Action, Task> invoke, Func<string?> snapshot, ILogger logger, TimeSpan interval)
    {
        (_drafts, _user, _key, _invoke, _snapshot, _logger, _interval) = (drafts, user, key, invoke, snapshot, logger, interval);
    }

    public string Key => _key;

    /// <summary>
    /// Starts keeping the draft. <paramref name="baseline"/> is what the form shows with nothing to keep; returns the
    /// draft stored earlier (by another circuit or before a restart) when there is one to put back.
    /// </summary>
    public async Task<SavedDraft?> StartAsync(string? baseline)
    {
        _baseline = Normalize(baseline);
        var saved = await _drafts.GetAsync(_user, _key);
        _stored = saved?.Content;
        _loop = RunAsync(_stop.Token);
        return saved is not null && saved.Content != _baseline ? saved : null;
    }

    /// <summary>The form was sent or saved: what it holds now is the new baseline, and the draft is removed.</summary>
    public async Task CommitAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _baseline = Normalize(await ReadAsync());
            await _drafts.DiscardAsync(_user, _key);
            _stored = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The person abandoned the form (Cancel): stop keeping it and remove the draft.</summary>
    public async Task DiscardAsync()
    {
        await StopAsync();
        await _drafts.DiscardAsync(_user, _key);
    }

    /// <summary>Stores the form's values now if they changed since the last time.</summary>
    public async Task KeepNowAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var content = Normalize(await ReadAsync());
            var wanted = content == _baseline ? null : content;
            if (wanted == _stored)
            {
                return;
            }
            await _drafts.SaveAsync(_user, _key, wanted, cancellationToken);
            _stored = wanted;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops keeping; what was typed since the last tick is stored once more (the page is going away).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }
        await StopAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await KeepNowAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogDebug(ex, "The last state of draft {Key} could not be kept.", _key);
        }
        _stop.Dispose();
    }

    private async Task StopAsync()
    {
        _stopped = true;
        await _stop.CancelAsync();
        await _loop;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await KeepNowAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database is busy or gone for a moment (a restart): the next tick tries again.
                    _logger.LogWarning(ex, "Draft {Key} could not be kept; trying again.", _key);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<string?> ReadAsync()
    {
        string? content = null;
        await _invoke(() => content = _snapshot());
        return content;
    }

    private static string? Normalize(string? content) => string.IsNullOrWhiteSpace(content) ? null : content;
}

/// <summary>Makes a <see cref="DraftKeeper"/> for a page.</summary>
public sealed class DraftKeepers(DraftService drafts, ILogger<DraftKeeper> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <param name="invoke">The component's <c>InvokeAsync</c>: the form is read on its dispatcher.</param>
    /// <param name="snapshot">The form's values as text; null or blank when there is nothing to keep.</param>
    public DraftKeeper Keep(PortalUser user, string key, Func<Action, Task> invoke, Func<string?> snapshot) =>
        new(drafts, user, key, invoke, snapshot, logger, Interval);
}
