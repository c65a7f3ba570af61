using SmsPortal.Rules.Conditions;

namespace SmsPortal.Rules.Engine;

/// <summary>The rules of one partition, each with its guard bit (null for rules the keyword index cannot reach).</summary>
internal sealed record PartitionPlan(bool Guarded, List<(CompiledRule Rule, int? Bit)> Rules);

/// <summary>How large partitions may grow.</summary>
/// <param name="Guards">Guards (fact types) per indexed partition: NRules tests each type on every insert and retract.</param>
/// <param name="IndexedRules">Rules per indexed partition (rules sharing a guard stay together, so a guard may exceed it).</param>
/// <param name="AlwaysRules">Rules per partition of always-evaluated rules (every message runs them all anyway).</param>
internal readonly record struct PartitionLimits(int Guards, int IndexedRules, int AlwaysRules)
{
    public static PartitionLimits Default { get; } = new(Guards: 4, IndexedRules: 32, AlwaysRules: 128);
}

/// <summary>
/// Splits the agenda into partitions. Rules the index can reach are grouped by their index keys: rules with the same
/// keys share a guard bit (and so, in NRules, one shared guard node), and a message's candidates fall into as few
/// partitions as the keywords it contains. The other rules fill partitions in agenda order.
/// </summary>
internal static class PartitionPlanner
{
    public static List<PartitionPlan> Plan(IReadOnlyList<CompiledRule> agenda, PartitionLimits limits)
    {
        var plans = new List<PartitionPlan>();
        var guards = new Dictionary<string, (PartitionPlan Plan, int Bit)>(StringComparer.Ordinal);
        PartitionPlan? openGuarded = null;
        PartitionPlan? openAlways = null;
        var bitsUsed = 0;
        foreach (var rule in agenda)
        {
            var keys = rule.IndexKeys;
            if (keys is null)
            {
                if (openAlways is null || openAlways.Rules.Count >= limits.AlwaysRules)
                {
                    plans.Add(openAlways = new PartitionPlan(false, []));
                }

                openAlways.Rules.Add((rule, null));
                continue;
            }

            var signature = Signature(keys);
            if (!guards.TryGetValue(signature, out var guard))
            {
                if (openGuarded is null || bitsUsed == limits.Guards || openGuarded.Rules.Count >= limits.IndexedRules)
                {
                    plans.Add(openGuarded = new PartitionPlan(true, []));
                    bitsUsed = 0;
                }

                guards[signature] = guard = (openGuarded, bitsUsed++);
            }

            guard.Plan.Rules.Add((rule, guard.Bit));
        }

        return plans;
    }

    private static string Signature(IReadOnlyList<IndexKey> keys) =>
        string.Join('\n', keys.Select(k => $"{(int)k.Kind}{(k.Folded ? 'f' : 'p')}{k.Key}").Distinct().Order(StringComparer.Ordinal));
}
