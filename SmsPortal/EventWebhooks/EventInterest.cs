using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Cluster;
using SmsPortal.Data;

namespace SmsPortal.EventWebhooks;

/// <summary>
/// The event types each workspace's enabled subscriptions want, read once and kept per node, so the hot paths
/// (a processed message, a settled send) skip raising an event nobody wants: the fan-out would only delete it, one
/// row written and one deleted per message and per send in a workspace without event webhooks. A change made here
/// takes effect at once; one made on another node or in the CLI is announced, and a copy older than
/// <see cref="MaxAge"/> is read again in case an announcement was missed.
/// </summary>
/// <remarks>
/// Only a superset matters: an event raised that no subscription wants is still dropped by the fan-out, so a
/// subscription disabled by its failures keeps its place here until the next read.
/// </remarks>
public sealed class EventInterest(IDbContextFactory<AppDbContext> dbFactory, ClusterChanges changes, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, Entry> _entries = Subscribed(changes);

    /// <summary>The event types some enabled subscription of the workspace wants.</summary>
    public async Task<IReadOnlySet<string>> WantedAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var entry = _entries.AddOrUpdate(workspaceId, id => Load(id, now), (id, held) => now - held.ReadAt > MaxAge ? Load(id, now) : held);
        try
        {
            return await entry.Wanted.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (entry.Wanted.Value.IsFaulted)
        {
            _entries.TryRemove(KeyValuePair.Create(workspaceId, entry));
            throw;
        }
    }

    /// <summary>A subscription of the workspace was created, changed, enabled, disabled or deleted.</summary>
    public void Changed(Guid workspaceId)
    {
        _entries.TryRemove(workspaceId, out _);
        changes.Announce(ClusterChanges.EventSubscriptions, workspaceId.ToString());
    }

    private Entry Load(Guid workspaceId, DateTimeOffset now) => new(new Lazy<Task<IReadOnlySet<string>>>(() => ReadAsync(workspaceId)), now);

    private async Task<IReadOnlySet<string>> ReadAsync(Guid workspaceId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var lists = await db.EventSubscriptions.AsNoTracking()
            .Where(s => s.WorkspaceId == workspaceId && s.Enabled)
            .Select(s => s.Events)
            .ToListAsync();
        return lists.SelectMany(EventSubscription.ParseEvents).ToHashSet(StringComparer.Ordinal);
    }

    private static ConcurrentDictionary<Guid, Entry> Subscribed(ClusterChanges changes)
    {
        var entries = new ConcurrentDictionary<Guid, Entry>();
        changes.Subscribe(ClusterChanges.EventSubscriptions, key =>
        {
            if (Guid.TryParse(key, out var id))
            {
                entries.TryRemove(id, out _);
            }
        });
        return entries;
    }

    private sealed record Entry(Lazy<Task<IReadOnlySet<string>>> Wanted, DateTimeOffset ReadAt);
}
