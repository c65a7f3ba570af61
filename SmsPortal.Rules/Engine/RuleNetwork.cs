using System.Buffers;
using SmsPortal.Rules.Compilation;

namespace SmsPortal.Rules.Engine;

/// <summary>
/// The agenda compiled into NRules: partitions of rules, each its own session factory, and the keyword index that
/// says which partitions a message must run. Per message the index is consulted once; only the partitions holding a
/// candidate (and those of rules the index cannot reach) get the message, and their activations are merged by agenda
/// position and cut after the first rule that stops, so the order and "stop" are those of one agenda.
/// </summary>
internal sealed class RuleNetwork
{
    private readonly Partition[] _partitions;
    private readonly int[] _partitionOf;
    private readonly ulong[] _guardOf;
    private readonly int[] _alwaysPartitions;

    public RuleNetwork(CompiledRule[] agenda, PartitionLimits limits)
    {
        Index = new KeywordIndex(agenda);
        var plans = PartitionPlanner.Plan(agenda, limits);
        _partitionOf = new int[agenda.Length];
        _guardOf = new ulong[agenda.Length];
        for (var p = 0; p < plans.Count; p++)
        {
            foreach (var (rule, bit) in plans[p].Rules)
            {
                _partitionOf[rule.Position] = p;
                _guardOf[rule.Position] = bit is { } b ? 1UL << b : 0;
            }
        }

        // Compiling is the slow part (NRules compares every new condition with its siblings); partitions are independent.
        _partitions = new Partition[plans.Count];
        Parallel.For(0, plans.Count, p =>
        {
            var plan = plans[p];
            var factory = NRulesDefinitions.Compile(plan.Rules.Select(r => NRulesDefinitions.Build(r.Rule, r.Bit)).ToArray());
            var guards = plan.Rules.Max(r => r.Bit ?? 0) + 1;
            _partitions[p] = new Partition(factory, plan.Rules[0].Rule.Position, plan.Guarded, guards, plan.Rules.Count);
        });
        _alwaysPartitions = Enumerable.Range(0, plans.Count).Where(p => !plans[p].Guarded).ToArray();
    }

    public KeywordIndex Index { get; }

    public IReadOnlyList<Partition> Partitions => _partitions;

    /// <summary>Runs the message through the partitions it can fire in; the activations in agenda order, cut after a stop.</summary>
    public List<Activation>? Run(EvaluationContext context)
    {
        var buffer = new PositionBuffer(stackalloc int[32]);
        try
        {
            Index.CollectCandidates(context, ref buffer);
            var hits = buffer.Span;
            if (hits.Length == 0 && _alwaysPartitions.Length == 0)
            {
                return null; // no rule can match: the guards of every partition would fail
            }

            hits.Sort();
            var input = new MessageInput(context);
            RunPartitions(input, hits);
            return Merge(input.Fired);
        }
        finally
        {
            buffer.Dispose();
        }
    }

    private void RunPartitions(MessageInput input, ReadOnlySpan<int> hits)
    {
        // Touched indexed partitions in order of their first candidate (hits are sorted), each with its guard bits.
        var rented = hits.Length > 32 ? ArrayPool<Touch>.Shared.Rent(hits.Length) : null;
        Span<Touch> touched = rented ?? stackalloc Touch[hits.Length];
        var count = 0;
        foreach (var position in hits)
        {
            var partition = _partitionOf[position];
            var slot = count - 1;
            while (slot >= 0 && touched[slot].Partition != partition)
            {
                slot--;
            }

            if (slot < 0)
            {
                touched[slot = count++] = new Touch(partition, position, 0);
            }

            touched[slot].Mask |= _guardOf[position];
        }

        var stop = int.MaxValue;
        int t = 0, a = 0;
        while (t < count || a < _alwaysPartitions.Length)
        {
            // Indexed and always-evaluated partitions in order of the first agenda position each can fire at.
            var next = t < count && (a >= _alwaysPartitions.Length || touched[t].First < _partitions[_alwaysPartitions[a]].FirstPosition)
                ? touched[t++]
                : new Touch(_alwaysPartitions[a], _partitions[_alwaysPartitions[a++]].FirstPosition, 0);
            if (next.First > stop)
            {
                break; // an earlier rule stopped processing, and the rest come later still
            }

            var before = input.Fired?.Count ?? 0;
            _partitions[next.Partition].Run(input, next.Mask);
            stop = Math.Min(stop, StopPosition(input.Fired, before));
        }

        if (rented is not null)
        {
            ArrayPool<Touch>.Shared.Return(rented);
        }
    }

    private static int StopPosition(List<Activation>? fired, int from)
    {
        var stop = int.MaxValue;
        for (var i = from; fired is not null && i < fired.Count; i++)
        {
            if (fired[i].StopsProcessing)
            {
                stop = Math.Min(stop, fired[i].Position);
            }
        }

        return stop;
    }

    internal static List<Activation>? Merge(List<Activation>? fired)
    {
        if (fired is null || fired.Count < 2)
        {
            return fired;
        }

        fired.Sort(static (x, y) => x.Position.CompareTo(y.Position));
        for (var i = 0; i < fired.Count; i++)
        {
            if (fired[i].StopsProcessing)
            {
                fired.RemoveRange(i + 1, fired.Count - i - 1);
                break;
            }
        }

        return fired;
    }

    private record struct Touch(int Partition, int First, ulong Mask);
}
