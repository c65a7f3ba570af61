using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;
using SmsPortal.Work;

namespace SmsPortal.Cluster;

/// <summary>
/// Keeps per-node caches honest when something changes on another node or in the CLI: the change is announced
/// as a row in the database and every node's <see cref="ChangeFeedPoller"/> reads it within a quarter of a second
/// and drops its copy. The same path works for one node and a CLI on SQLite and for N nodes on PostgreSQL.
/// </summary>
public sealed class ClusterChanges(IDbContextFactory<AppDbContext> dbFactory, WorkNode node, TimeProvider time, ILogger<ClusterChanges> logger)
{
    public const string Endpoint = "endpoint";
    public const string RuleSet = "ruleset";
    public const string Gateway = "gateway";
    public const string EventSubscriptions = "event-subscriptions";

    private readonly ConcurrentDictionary<string, ImmutableHandlers> _handlers = new();

    public string Node => node.Id;

    /// <summary>Calls <paramref name="forget"/> with the key of every change of <paramref name="kind"/> made elsewhere.</summary>
    public ClusterChanges Subscribe(string kind, Action<string> forget)
    {
        _handlers.AddOrUpdate(kind, _ => new([forget]), (_, list) => new([.. list.Items, forget]));
        return this;
    }

    /// <summary>
    /// Tells the other nodes (the caller forgets its own copy). Written at once and synchronously, so a CLI
    /// command that exits right after has already told them; a failure is logged, and the caches' own expiry
    /// is then the bound.
    /// </summary>
    public void Announce(string kind, string key)
    {
        try
        {
            using var db = dbFactory.CreateDbContext();
            db.ChangeNotices.Add(new ChangeNotice { Kind = kind, Key = key, Origin = node.Id, At = time.GetUtcNow() });
            db.SaveChanges();
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException || DbErrors.IsTransient(ex))
        {
            logger.LogWarning(ex, "Could not tell other nodes that {Kind} {Key} changed", kind, key);
        }
    }

    internal void Apply(ChangeNotice notice)
    {
        if (notice.Origin == node.Id || !_handlers.TryGetValue(notice.Kind, out var list))
        {
            return;
        }
        foreach (var forget in list.Items)
        {
            forget(notice.Key);
        }
    }

    private sealed record ImmutableHandlers(Action<string>[] Items);
}
