namespace SmsPortal.Rules.Engine;

/// <summary>
/// The fact a partition's rules match. Its type is the guard: guard <c>i</c> of a partition is the closed type
/// <see cref="TypeOf"/>(i), and a message goes in as one fact per guard the keyword index found a candidate under
/// (an always-evaluated partition has one guard, open for every message). NRules files facts by type first (its type
/// nodes are the one place where it prunes the network, on insert, update and retract alike), so the rules of the
/// other guards are neither evaluated nor walked.
/// </summary>
internal abstract class GuardFact
{
    /// <summary>Distinct guard types available to one partition.</summary>
    public const int Count = 64;

    private static readonly Type[] Markers = [typeof(G0), typeof(G1), typeof(G2), typeof(G3), typeof(G4), typeof(G5), typeof(G6), typeof(G7)];
    private static readonly Type[] Types = Enumerable.Range(0, Count)
        .Select(i => typeof(GuardFact<,>).MakeGenericType(Markers[i / Markers.Length], Markers[i % Markers.Length]))
        .ToArray();

    /// <summary>The message this fact carries into the session.</summary>
    public MessageInput? Input { get; set; }

    /// <summary>The fact type of guard <paramref name="guard"/>.</summary>
    public static Type TypeOf(int guard) => Types[guard];

    /// <summary>A new fact of guard <paramref name="guard"/>'s type carrying <paramref name="input"/>.</summary>
    public static GuardFact Create(int guard, MessageInput input)
    {
        var fact = (GuardFact)Activator.CreateInstance(Types[guard])!;
        fact.Input = input;
        return fact;
    }

    private struct G0;

    private struct G1;

    private struct G2;

    private struct G3;

    private struct G4;

    private struct G5;

    private struct G6;

    private struct G7;
}

/// <summary>One guard's fact type (the type arguments only make the types distinct).</summary>
internal sealed class GuardFact<THigh, TLow> : GuardFact;
