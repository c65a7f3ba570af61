using CsCheck;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;
using static SmsPortal.Rules.Tests.RuleTestData;

namespace SmsPortal.Rules.Tests.Engine;

/// <summary>
/// Property: the NRules-backed rule set (keyword index, guards, partitions, unique priorities, Halt) fires exactly what
/// the reference interpreter fires — the same rules, in the same order, cut at the same stop, with the same rendered
/// actions — with and without a trace.
/// </summary>
public sealed class NRulesEquivalencePropertyTests
{
    private static readonly string[] Vocabulary = ["price", "cost", "stop", "hours", "café", "cafe", "order", "help", "yes", "hi", "list", "open", "Crème"];

    private static readonly Gen<string> Word = Gen.OneOf(Vocabulary);

    private static readonly Gen<Keyword> SingleWordKeyword =
        Gen.Select(Word, Word.Array[0, 2], (value, synonyms) => new Keyword(value, synonyms));

    private static readonly Gen<string> Phrase = Word.Array[1, 2].Select(words => string.Join(" ", words));

    private static readonly Gen<Keyword> PhraseKeyword =
        Gen.Select(Phrase, Phrase.Array[0, 1], (value, synonyms) => new Keyword(value, synonyms));

    private static readonly Gen<bool> Accents = Gen.Bool;

    private static readonly Gen<Condition> Leaf = Gen.OneOf<Condition>(
        Gen.Select(SingleWordKeyword.Array[1, 3], Accents, (k, a) => new FirstWordIsCondition(k) { IgnoreAccents = a }),
        Gen.Select(PhraseKeyword.Array[1, 3], Accents, (k, a) => new MessageIsCondition(k) { IgnoreAccents = a }),
        Gen.Select(SingleWordKeyword.Array[1, 3], Accents, (k, a) => new ContainsWordCondition(k) { IgnoreAccents = a }),
        Gen.Select(Phrase.Array[1, 2], Accents, (p, a) => new ContainsPhraseCondition(p) { IgnoreAccents = a }),
        Gen.Select(Phrase.Array[1, 2], Accents, (p, a) => new StartsWithCondition(p) { IgnoreAccents = a }),
        Gen.OneOf<Condition>(
            new MatchesRegexCondition("price|hours"),
            new MatchesRegexCondition(@"^\w+$"),
            new HasTagCondition("vip"),
            new LacksTagCondition("vip"),
            new IsNewContactCondition(),
            new IsOptedOutCondition(),
            new EndpointIsCondition(["ep-1"]),
            new SenderStartsWithCondition(["+27"]),
            new BusinessHoursCondition(true, [DayOfWeek.Tuesday], new TimeOnly(9, 0), new TimeOnly(12, 30), "Africa/Johannesburg"),
            new BusinessHoursCondition(false, [DayOfWeek.Monday, DayOfWeek.Tuesday], new TimeOnly(22, 0), new TimeOnly(6, 0), "Europe/London")));

    private static Gen<Condition> Condition(int depth) => depth == 0
        ? Leaf
        : Gen.Frequency(
            (6, Leaf),
            (1, Condition(depth - 1).Array[0, 3].Select(c => (Condition)new AllCondition(c))),
            (1, Condition(depth - 1).Array[1, 3].Select(c => (Condition)new AnyCondition(c))),
            (1, Condition(depth - 1).Select(c => (Condition)new NotCondition(c))));

    private static readonly Gen<RuleOptions> Options = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 5], Gen.Int[0, 4], (stop, once, cooldown) => new RuleOptions
    {
        StopProcessing = stop == 0,
        OncePerContact = once == 0,
        Cooldown = cooldown == 0 ? TimeSpan.FromHours(1) : null,
    });

    private static readonly Gen<RuleAction[]> Actions = Gen.Int[0, 9].Select(kind => kind switch
    {
        0 => new RuleAction[] { new AddTagAction("seen"), new StopAction() },
        1 => [new ReplyAction("{{contact.name}} said {{message.text}}"), new AddTagAction("vip")],
        _ => [new ReplyAction("reply: {{keyword}}")],
    });

    private static Gen<RuleDefinition[]> RuleSet(int maxRules) =>
        Gen.Select(Condition(2).Array[0, 3], Gen.Int[0, 3], Options, Gen.Int[0, 8], Actions)
            .Array[0, maxRules]
            .Select(rules => rules.Select((r, i) => new RuleDefinition
            {
                Id = $"r{i}",
                Name = $"Rule {i}",
                Priority = r.Item2,
                Conditions = r.Item1,
                Options = r.Item3,
                Enabled = r.Item4 != 0,
                Actions = r.Item5.Select(a => a is ReplyAction reply ? reply with { Template = $"r{i} " + reply.Template } : a).ToArray(),
            }).ToArray());

    private static readonly Gen<string> Separator = Gen.OneOf(" ", "  ", "! ", ", ", " ... ", "\t");

    private static readonly Gen<string> Message =
        Gen.Select(
                Gen.Select(Word, Gen.Bool, (w, upper) => upper ? w.ToUpperInvariant() : w).Array[0, 5],
                Separator.Array[5],
                Gen.OneOf("", " ", "!", "?"),
                (words, separators, tail) => string.Concat(words.Select((w, i) => i == 0 ? w : separators[i] + w)) + tail);

    private static readonly Gen<(string Text, bool Vip, bool IsNew, int[] History, int EndpointNumber, int Minutes)> Facts =
        Gen.Select(Message, Gen.Bool, Gen.Bool, Gen.Int[0, 30].Array[0, 6], Gen.Int[1, 2], Gen.Int[-2 * 24 * 60, 2 * 24 * 60]);

    [Fact]
    public void Evaluate_RandomRuleSetsAndMessages_EqualsReferenceInterpreter()
    {
        Gen.Select(RuleSet(25), Facts.Array[1, 8]).Sample((rules, facts) => AssertSameAsReference(rules, facts, historyIds: 25), iter: 2000);
    }

    [Fact]
    public void Evaluate_RandomRuleSetsLargeEnoughForManyPartitions_EqualsReferenceInterpreter()
    {
        Gen.Select(RuleSet(400), Facts.Array[1, 8]).Sample((rules, facts) => AssertSameAsReference(rules, facts, historyIds: 400), iter: 40);
    }

    [Fact]
    public void Evaluate_ManyMessagesThroughTinyPartitions_EqualsReferenceInterpreter()
    {
        // Tiny partitions: many sessions per message, several guards each, and every pooled session's resident facts
        // are reused by the next messages (a stop in one message must leave nothing behind for the next).
        var tiny = new PartitionLimits(Guards: 2, IndexedRules: 3, AlwaysRules: 2);
        Gen.Select(RuleSet(60), Facts.Array[10, 40]).Sample((rules, facts) => AssertSameAsReference(rules, facts, historyIds: 60, tiny), iter: 200);
    }

    private static void AssertSameAsReference(RuleDefinition[] rules, (string Text, bool Vip, bool IsNew, int[] History, int EndpointNumber, int Minutes)[] facts, int historyIds, PartitionLimits? limits = null)
    {
        // Arrange
        var set = RuleCompiler.Compile(rules, null, limits);
        var reference = new ReferenceInterpreter(rules);
        foreach (var f in facts)
        {
            var history = f.History.DistinctBy(i => i % historyIds).ToDictionary(i => $"r{i % historyIds}", i => Noon.AddMinutes(-i * 5));
            var contact = Contact(isNew: f.IsNew, tags: f.Vip ? ["VIP"] : [], history: history);
            var fact = Fact(f.Text, contact, endpoint: $"ep-{f.EndpointNumber}", receivedAt: Noon.AddMinutes(f.Minutes));

            // Act
            var expected = string.Join(" | ", reference.Evaluate(fact));
            var actual = Describe(set.Evaluate(fact).Activations);
            var traced = Describe(set.Evaluate(fact, new EvaluationOptions { Trace = true }).Activations);

            // Assert
            if (actual != expected || traced != expected)
            {
                throw new InvalidOperationException($"message '{f.Text}' at {fact.Message.ReceivedAt:u}: NRules [{actual}] / traced [{traced}] != reference [{expected}]");
            }
        }
    }

    [Fact]
    public void Evaluate_ManyKeywordRules_EqualsReferenceInterpreterForEveryKeyword()
    {
        // Arrange: 2,000 keyword rules of every indexable kind, plus a few always-evaluated rules.
        var rules = Enumerable.Range(0, 2000).Select(i => (i % 3) switch
        {
            0 => Rule($"k{i}", new FirstWordIsCondition(Keywords($"w{i}"))),
            1 => Rule($"k{i}", new MessageIsCondition(Keywords($"w{i - 1} x"))),
            _ => Rule($"k{i}", new ContainsWordCondition(Keywords($"w{i % 7}"))) with { Priority = i % 5 },
        }).Append(Rule("regex", new MatchesRegexCondition("w1\\d"))).ToArray();
        var set = RuleCompiler.Compile(rules);
        var reference = new ReferenceInterpreter(rules);
        var texts = Enumerable.Range(0, 2000).SelectMany(i => new[] { $"w{i}", $"w{i} x", $"hello w{i}", $"W{i}!" }).ToArray();

        // Act
        var mismatches = texts.Where(t => Describe(set.Evaluate(Fact(t)).Activations) != string.Join(" | ", reference.Evaluate(Fact(t)))).ToArray();

        // Assert
        Assert.Empty(mismatches);
        Assert.Equal(2003, set.IndexedRuleCount);
        Assert.True(set.PartitionCount > 20, $"{set.PartitionCount} partitions");
        Assert.NotEmpty(set.Evaluate(Fact("w3 x")).Activations);
    }

    private static string Describe(IEnumerable<Activation> activations) =>
        string.Join(" | ", activations.Select(a => ReferenceInterpreter.Describe(a.RuleId, a.Keyword, a.Actions)));
}
