using NRules;

namespace SmsPortal.Rules.Engine;

/// <summary>
/// A slice of the agenda compiled into its own NRules session factory. NRules has no hashing of alpha conditions and
/// its cost grows with the rules a fact reaches, so a message only runs the partitions the keyword index points at
/// (plus those of rules the index cannot reach), and in an indexed partition only the guards (fact types, see
/// <see cref="GuardFact"/>) it found a candidate under.
/// </summary>
/// <remarks>
/// Sessions are pooled, each used by one thread at a time. A session keeps its guard facts resident: the next message
/// for a guard is an <c>Update</c> of the same fact object (one pass through the network, where insert and retract
/// took two), the agenda is emptied after <c>Fire</c> (a stopping rule may leave matches behind), and a resident fact
/// that the message does not update is never evaluated, so its rules cannot fire.
/// </remarks>
internal sealed class Partition(ISessionFactory factory, int firstPosition, bool indexed, int guards, int ruleCount)
{
    private readonly Lane?[] _pool = new Lane?[Math.Max(2, Environment.ProcessorCount * 2)];

    public ISessionFactory Factory { get; } = factory;

    /// <summary>Agenda position of the partition's first rule.</summary>
    public int FirstPosition { get; } = firstPosition;

    /// <summary>True when the rules are reached through the keyword index; otherwise every message runs them.</summary>
    public bool Guarded { get; } = indexed;

    /// <summary>Number of guards (fact types); an always-evaluated partition has one, open for every message.</summary>
    public int Guards { get; } = guards;

    public int RuleCount { get; } = ruleCount;

    /// <summary>Runs the message under the <paramref name="candidates"/> guards (ignored when not indexed) and fires the agenda; a stopping rule halts it.</summary>
    public void Run(MessageInput input, ulong candidates)
    {
        var lane = Rent();
        lane.Run(input, Guarded ? candidates : 1UL);

        // Only a session that came through cleanly is reused; one that threw is dropped with whatever it holds.
        Return(lane);
    }

    /// <summary>Every guard's fact for the message (the trace runs every rule of the partition).</summary>
    public IEnumerable<object> AllFacts(MessageInput input) => Enumerable.Range(0, Guards).Select(g => (object)GuardFact.Create(g, input));

    private Lane Rent()
    {
        for (var i = 0; i < _pool.Length; i++)
        {
            if (_pool[i] is not null && Interlocked.Exchange(ref _pool[i], null) is { } lane)
            {
                return lane;
            }
        }

        return new Lane(Factory.CreateSession(), Guards);
    }

    private void Return(Lane lane)
    {
        for (var i = 0; i < _pool.Length; i++)
        {
            if (_pool[i] is null && Interlocked.CompareExchange(ref _pool[i], lane, null) is null)
            {
                return;
            }
        }
    }

    /// <summary>A pooled session with its resident guard facts (created on first use, then updated message after message).</summary>
    private sealed class Lane(ISession session, int guards)
    {
        private readonly GuardFact?[] _facts = new GuardFact?[guards];
        private readonly List<object> _updates = new(2);
        private readonly List<object> _inserts = new(2);

        public void Run(MessageInput input, ulong candidates)
        {
            for (var mask = candidates; mask != 0; mask &= mask - 1)
            {
                var guard = System.Numerics.BitOperations.TrailingZeroCount(mask);
                if (_facts[guard] is { } resident)
                {
                    resident.Input = input;
                    _updates.Add(resident);
                }
                else
                {
                    _inserts.Add(_facts[guard] = GuardFact.Create(guard, input));
                }
            }

            if (_updates.Count > 0)
            {
                session.UpdateAll(_updates);
            }

            if (_inserts.Count > 0)
            {
                session.InsertAll(_inserts);
            }

            session.Fire();
            if (!session.Agenda.IsEmpty)
            {
                session.Agenda.Clear(); // matches after a stop must not fire for the next message
            }

            Release(_updates);
            Release(_inserts);
        }

        private static void Release(List<object> facts)
        {
            foreach (var fact in facts)
            {
                ((GuardFact)fact).Input = null; // a session waiting in the pool keeps no message alive
            }

            facts.Clear();
        }
    }
}
