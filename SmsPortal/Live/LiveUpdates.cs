using System.Collections.Concurrent;

namespace SmsPortal.Live;

public enum LiveUpdateKind
{
    MessageReceived,
    OutboundQueued,
    OutboundStatusChanged,
    NotificationCreated,
    ContactChanged,
}

public sealed record LiveUpdate(LiveUpdateKind Kind, Guid WorkspaceId, Guid? ContactId = null, string? MessageId = null, string? Status = null);

/// <summary>
/// In-process notifications for the portal: a component subscribes for its workspace and gets every update
/// after it is committed. Handlers run off the publisher's thread and a slow or failing one affects no other.
/// </summary>
public sealed class LiveUpdates(ILogger<LiveUpdates> logger)
{
    private readonly ConcurrentDictionary<Guid, ImmutableHandlers> _handlers = new();

    public IDisposable Subscribe(Guid workspaceId, Func<LiveUpdate, Task> handler)
    {
        _handlers.AddOrUpdate(workspaceId, _ => new([handler]), (_, list) => new([.. list.Items, handler]));
        return new Subscription(() => _handlers.AddOrUpdate(workspaceId, _ => new([]), (_, list) => new([.. list.Items.Where(h => h != handler)])));
    }

    /// <summary>Set by a relay that carries updates to the other nodes (PostgreSQL <c>NOTIFY</c>); null on one node.</summary>
    public Action<LiveUpdate>? Relay { get; set; }

    /// <summary>Every update published on this node (not those relayed from others), for a worker that acts on them once.</summary>
    public event Action<LiveUpdate>? PublishedHere;

    public void Publish(LiveUpdate update)
    {
        Relay?.Invoke(update);
        PublishedHere?.Invoke(update);
        PublishLocal(update);
    }

    /// <summary>To this node's subscribers only (an update another node relayed).</summary>
    public void PublishLocal(LiveUpdate update)
    {
        if (!_handlers.TryGetValue(update.WorkspaceId, out var list))
        {
            return;
        }
        foreach (var handler in list.Items)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await handler(update);
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "A live update handler failed for {Kind}", update.Kind);
                }
            });
        }
    }

    public void PublishAll(IEnumerable<LiveUpdate> updates)
    {
        foreach (var update in updates)
        {
            Publish(update);
        }
    }

    private sealed record ImmutableHandlers(Func<LiveUpdate, Task>[] Items);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
