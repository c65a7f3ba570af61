using System.Buffers;
using System.Collections.Frozen;
using SmsPortal.Rules.Conditions;
using SmsPortal.Rules.Text;

namespace SmsPortal.Rules.Engine;

/// <summary>
/// Maps normalised first word / whole message / any word to the agenda positions of the rules that can only pass when
/// that key is present. Rules without index keys are in <see cref="Always"/>. Evaluation looks up a handful of keys per
/// message, so its cost does not grow with the number of keyword rules.
/// </summary>
internal sealed class KeywordIndex
{
    private readonly Table? _plain;
    private readonly Table? _folded;

    public KeywordIndex(IReadOnlyList<CompiledRule> agenda)
    {
        var plain = new TableBuilder();
        var folded = new TableBuilder();
        var always = new List<int>();
        for (var position = 0; position < agenda.Count; position++)
        {
            var keys = agenda[position].IndexKeys;
            if (keys is null)
            {
                always.Add(position);
                continue;
            }

            foreach (var key in keys)
            {
                (key.Folded ? folded : plain).Add(key, position);
            }
        }

        _plain = plain.Build();
        _folded = folded.Build();
        Always = always.ToArray();
        IndexedRuleCount = agenda.Count - Always.Length;
    }

    /// <summary>Agenda positions of rules that are evaluated for every message (ascending).</summary>
    public int[] Always { get; }

    public int IndexedRuleCount { get; }

    /// <summary>Adds the agenda positions of indexed candidates for the message (may contain duplicates, unsorted).</summary>
    public void CollectCandidates(EvaluationContext context, ref PositionBuffer buffer)
    {
        _plain?.Collect(context.Plain, ref buffer);
        _folded?.Collect(context.Folded, ref buffer);
    }

    private sealed class TableBuilder
    {
        private readonly Dictionary<string, List<int>>[] _maps = [new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal)];

        public void Add(IndexKey key, int position)
        {
            var map = _maps[(int)key.Kind];
            if (!map.TryGetValue(key.Key, out var positions))
            {
                map[key.Key] = positions = [];
            }

            if (positions.Count == 0 || positions[^1] != position)
            {
                positions.Add(position);
            }
        }

        public Table? Build() => _maps.All(m => m.Count == 0)
            ? null
            : new Table(Freeze(_maps[0]), Freeze(_maps[1]), Freeze(_maps[2]));

        private static FrozenDictionary<string, int[]> Freeze(Dictionary<string, List<int>> map) =>
            map.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    private sealed class Table(FrozenDictionary<string, int[]> firstWord, FrozenDictionary<string, int[]> whole, FrozenDictionary<string, int[]> anyWord)
    {
        private readonly FrozenDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _firstWord = firstWord.GetAlternateLookup<ReadOnlySpan<char>>();
        private readonly FrozenDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _anyWord = anyWord.GetAlternateLookup<ReadOnlySpan<char>>();
        private readonly bool _hasFirstWord = firstWord.Count > 0;
        private readonly bool _hasAnyWord = anyWord.Count > 0;

        public void Collect(NormalizedText text, ref PositionBuffer buffer)
        {
            if (text.TokenCount == 0)
            {
                return;
            }

            if (_hasFirstWord && _firstWord.TryGetValue(text.Token(0), out var positions))
            {
                buffer.AddRange(positions);
            }

            if (whole.Count > 0 && whole.TryGetValue(text.Text, out positions))
            {
                buffer.AddRange(positions);
            }

            if (_hasAnyWord)
            {
                for (var i = 0; i < text.TokenCount; i++)
                {
                    if (_anyWord.TryGetValue(text.Token(i), out positions))
                    {
                        buffer.AddRange(positions);
                    }
                }
            }
        }
    }
}

/// <summary>A growable buffer of agenda positions that starts on the stack (no allocation on the hot path).</summary>
internal ref struct PositionBuffer(Span<int> initial)
{
    private Span<int> _items = initial;
    private int[]? _rented;

    public int Count { get; private set; }

    public readonly Span<int> Span => _items[..Count];

    public void AddRange(ReadOnlySpan<int> positions)
    {
        if (Count + positions.Length > _items.Length)
        {
            var bigger = ArrayPool<int>.Shared.Rent(Math.Max(_items.Length * 2, Count + positions.Length));
            _items[..Count].CopyTo(bigger);
            if (_rented is not null)
            {
                ArrayPool<int>.Shared.Return(_rented);
            }

            _rented = bigger;
            _items = bigger;
        }

        positions.CopyTo(_items[Count..]);
        Count += positions.Length;
    }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<int>.Shared.Return(_rented);
            _rented = null;
        }

        _items = default;
        Count = 0;
    }
}
