using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Cluster;
using SmsPortal.Data;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;
using SmsPortal.Settings;

namespace SmsPortal.RuleSets;

/// <summary>
/// Each workspace's rules compiled once and shared by every message. A change to the rules (or the compliance
/// settings) builds a new compiled set and swaps it in; messages already being evaluated keep the old one.
/// </summary>
public sealed class RuleSetCache(IDbContextFactory<AppDbContext> dbFactory, ClusterChanges changes, ILogger<RuleSetCache> logger)
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task<CachedRuleSet>>> _sets = Subscribed(changes);

    public async Task<CompiledRuleSet> GetAsync(Guid workspaceId, CancellationToken cancellationToken = default) =>
        (await GetEntryAsync(workspaceId, cancellationToken)).RuleSet;

    public async Task<CachedRuleSet> GetEntryAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        var entry = _sets.GetOrAdd(workspaceId, id => new Lazy<Task<CachedRuleSet>>(() => LoadAsync(id)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (entry.Value.IsFaulted)
        {
            // A failed load (say the database was briefly away) must not stick.
            _sets.TryRemove(KeyValuePair.Create(workspaceId, entry));
            throw;
        }
    }

    /// <summary>Rebuilds the workspace's set from the database and swaps it in.</summary>
    /// <remarks>The compile (NRules session factories: about a second at 10,000 rules) starts now, not on the next message.</remarks>
    public void Invalidate(Guid workspaceId)
    {
        var entry = new Lazy<Task<CachedRuleSet>>(() => Task.Run(() => LoadAsync(workspaceId)));
        _sets[workspaceId] = entry;
        _ = entry.Value;
        changes.Announce(ClusterChanges.RuleSet, workspaceId.ToString());
    }

    /// <summary>A rule changed on another node (or imported by the CLI) is rebuilt here too.</summary>
    private static ConcurrentDictionary<Guid, Lazy<Task<CachedRuleSet>>> Subscribed(ClusterChanges changes)
    {
        var sets = new ConcurrentDictionary<Guid, Lazy<Task<CachedRuleSet>>>();
        changes.Subscribe(ClusterChanges.RuleSet, key =>
        {
            if (Guid.TryParse(key, out var id))
            {
                sets.TryRemove(id, out _);
            }
        });
        return sets;
    }

    private async Task<CachedRuleSet> LoadAsync(Guid workspaceId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var live = await db.RuleSetVersions.AsNoTracking().Where(v => v.WorkspaceId == workspaceId)
            .OrderByDescending(v => v.Number).Select(v => new { v.Number, v.DocumentJson }).FirstOrDefaultAsync();
        if (live is not null)
        {
            return Build(workspaceId, RuleSetSerializer.Deserialize(live.DocumentJson), live.Number);
        }
        // Until its first publish a workspace runs its draft: saving a rule is what makes it live.
        return Build(workspaceId, await DraftReader.ReadAsync(db, workspaceId, logger, CancellationToken.None), null);
    }

    private CachedRuleSet Build(Guid workspaceId, RuleSetDocument document, int? version)
    {
        var (rules, compliance) = (document.Rules, document.Compliance);
        var errors = RuleCompiler.Validate(document);
        if (errors.Count > 0)
        {
            // Rules are validated when saved, so this is a rule saved by an older version: run the others.
            var broken = errors.Select(e => e.RuleId).ToHashSet();
            logger.LogError("Workspace {WorkspaceId} has rules that do not compile and are left out: {Errors}", workspaceId, string.Join("; ", errors));
            rules = rules.Where(r => !broken.Contains(r.Id)).ToList();
            if (broken.Contains(null))
            {
                compliance = new Rules.Compliance.ComplianceSettings();
            }
        }
        var historyRules = rules.Where(r => r.Options.OncePerContact || r.Options.Cooldown is not null).Select(r => r.Id).ToHashSet();
        return new CachedRuleSet(RuleCompiler.Compile(rules, compliance), historyRules, version) { Document = document with { Rules = rules, Compliance = compliance } };
    }
}

/// <summary>
/// A compiled rule set, the ids of its rules that need a contact's history (once per contact, cooldown), and the
/// published version it is (null: the draft of a workspace that has never published).
/// </summary>
public sealed record CachedRuleSet(CompiledRuleSet RuleSet, IReadOnlySet<string> HistoryRuleIds, int? Version)
{
    private Dictionary<string, QuietHours?[]>? _quietHours;

    /// <summary>The rules and compliance settings it was compiled from.</summary>
    public RuleSetDocument Document { get; init; } = new();

    /// <summary>The quiet hours of a rule's <paramref name="reply"/>-th reply action (counting replies only), or null.</summary>
    public QuietHours? QuietHoursFor(string ruleId, int reply)
    {
        if (_quietHours is null)
        {
            var byRule = new Dictionary<string, QuietHours?[]>(StringComparer.Ordinal);
            foreach (var rule in Document.Rules)
            {
                byRule.TryAdd(rule.Id, rule.Actions.OfType<ReplyAction>().Select(a => a.QuietHours).ToArray());
            }
            _quietHours = byRule;
        }
        return _quietHours.TryGetValue(ruleId, out var replies) && reply < replies.Length ? replies[reply] : null;
    }
}
