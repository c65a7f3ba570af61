using NRules;

namespace SmsPortal.Rules.Engine;

/// <summary>
/// A slice of the agenda compiled into its own NRules session factory. NRules has no hashing of alpha conditions and
/// creating or cleaning a session costs time per rule, so a message only runs the partitions the keyword index points
/// at (plus those of rules the index cannot reach). Sessions are pooled: a session is used by one thread at a time
/// and left empty (the message retracted) before it goes back.
/// </summary>
internal sealed class Partition(ISessionFactory factory, int firstPosition, bool guarded, int ruleCount)
{
    private readonly ISession?[] _pool = new ISession?[Math.Max(2, Environment.ProcessorCount * 2)];

    public ISessionFactory Factory { get; } = factory;

    /// <summary>Agenda position of the partition's first rule.</summary>
    public int FirstPosition { get; } = firstPosition;

    /// <summary>True when the rules are reached through the keyword index (each has a guard condition).</summary>
    public bool Guarded { get; } = guarded;

    public int RuleCount { get; } = ruleCount;

    /// <summary>Inserts the message, fires the agenda (a stopping rule halts it) and retracts the message again.</summary>
    public void Run(MessageInput input, ulong candidates)
    {
        var session = Rent();
        input.Candidates = candidates;
        session.Insert(input);
        session.Fire();
        session.Retract(input);

        // Only a session that came through cleanly is reused; one that threw is dropped with whatever it holds.
        Return(session);
    }

    private ISession Rent()
    {
        for (var i = 0; i < _pool.Length; i++)
        {
            if (_pool[i] is not null && Interlocked.Exchange(ref _pool[i], null) is { } session)
            {
                return session;
            }
        }

        return Factory.CreateSession();
    }

    private void Return(ISession session)
    {
        for (var i = 0; i < _pool.Length; i++)
        {
            if (_pool[i] is null && Interlocked.CompareExchange(ref _pool[i], session, null) is null)
            {
                return;
            }
        }
    }
}
