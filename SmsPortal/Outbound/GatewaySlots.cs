using System.Collections.Concurrent;

namespace SmsPortal.Outbound;

/// <summary>
/// Each workspace's requests at its gateway at once: at most its share, however many of its messages this node has
/// claimed. The outbox claims ahead for gateways that deduplicate by our id, so those wait here for a slot.
/// </summary>
internal sealed class GatewaySlots
{
    private readonly ConcurrentDictionary<Guid, Slots> _byWorkspace = new();

    /// <summary>Waits for one of the workspace's <paramref name="share"/> slots; disposing the result gives it back.</summary>
    public async Task<Slot> EnterAsync(Guid workspaceId, int share, CancellationToken cancellationToken)
    {
        // A share changed in the settings applies to the slots taken from now on; those held go back where they came from.
        var slots = _byWorkspace.AddOrUpdate(workspaceId, _ => new Slots(share), (_, held) => held.Share == share ? held : new Slots(share));
        await slots.Semaphore.WaitAsync(cancellationToken);
        return new Slot(slots.Semaphore);
    }

    private sealed record Slots(int Share)
    {
        public SemaphoreSlim Semaphore { get; } = new(Share, Share);
    }

    internal sealed class Slot(SemaphoreSlim semaphore) : IDisposable
    {
        private SemaphoreSlim? _semaphore = semaphore;

        public void Dispose() => Interlocked.Exchange(ref _semaphore, null)?.Release();
    }
}
