using Microsoft.Extensions.Caching.Memory;
using SmsPortal.Cluster;

namespace SmsPortal.Outbound;

/// <summary>
/// This node's copy of the workspaces' gateways (each one, and the list of those with their own), for 30 s or until
/// a change here or on another node drops it. A read that began before a change does not keep what it read: it
/// may predate the change, and would otherwise send with the old gateway until the copy expired.
/// </summary>
internal sealed class GatewayCache
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private const string WithOwnGatewayKey = "gateway:with-own";
    private readonly IMemoryCache _cache;
    private readonly ClusterChanges _changes;
    private long _changeCount;

    public GatewayCache(IMemoryCache cache, ClusterChanges changes)
    {
        _cache = cache;
        _changes = changes.Subscribe(ClusterChanges.Gateway, Forget);
    }

    public ValueTask<GatewayOptions?> GatewayAsync(Guid workspaceId, Func<Task<GatewayOptions?>> read) =>
        GetAsync(GatewayKey(workspaceId.ToString()), read);

    public ValueTask<IReadOnlyList<Guid>?> WithOwnGatewayAsync(Func<Task<IReadOnlyList<Guid>?>> read) =>
        GetAsync(WithOwnGatewayKey, read);

    /// <summary>A workspace's gateway changed here: forget it and tell the other nodes.</summary>
    public void Changed(Guid workspaceId)
    {
        Forget(workspaceId.ToString());
        _changes.Announce(ClusterChanges.Gateway, workspaceId.ToString());
    }

    private async ValueTask<TItem?> GetAsync<TItem>(string key, Func<Task<TItem?>> read)
    {
        if (_cache.TryGetValue(key, out TItem? value))
        {
            return value;
        }
        var before = Interlocked.Read(ref _changeCount);
        value = await read();
        _cache.Set(key, value, CacheFor);
        // A change counted after the read began may have forgotten before this set: drop what may be stale.
        if (Interlocked.Read(ref _changeCount) != before)
        {
            _cache.Remove(key);
        }
        return value;
    }

    private void Forget(string workspaceKey)
    {
        Interlocked.Increment(ref _changeCount);
        _cache.Remove(GatewayKey(workspaceKey));
        _cache.Remove(WithOwnGatewayKey);
    }

    private static string GatewayKey(string workspaceKey) => "gateway:" + workspaceKey;
}
