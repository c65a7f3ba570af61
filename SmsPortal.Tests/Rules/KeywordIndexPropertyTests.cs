using CsCheck;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;
using static SmsPortal.Tests.Rules.RuleTestData;

namespace SmsPortal.Tests.Rules;

/// <summary>Property: the keyword index never changes the result — indexed evaluation equals naive rule-by-rule evaluation.</summary>
public sealed class KeywordIndexPropertyTests
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
            new SenderStartsWithCondition(["+27"])));

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

    private static readonly Gen<RuleDefinition[]> RuleSet =
        Gen.Select(Condition(2).Array[0, 3], Gen.Int[0, 3], Options, Gen.Int[0, 8])
            .Array[0, 25]
            .Select(rules => rules.Select((r, i) => new RuleDefinition
            {
                Id = $"r{i}",
                Name = $"Rule {i}",
                Priority = r.Item2,
                Conditions = r.Item1,
                Options = r.Item3,
                Enabled = r.Item4 != 0,
                Actions = [new ReplyAction($"r{i}: {{{{keyword}}}}")],
            }).ToArray());

    private static readonly Gen<string> Separator = Gen.OneOf(" ", "  ", "! ", ", ", " ... ", "\t");

    private static readonly Gen<string> Message =
        Gen.Select(
                Gen.Select(Word, Gen.Bool, (w, upper) => upper ? w.ToUpperInvariant() : w).Array[0, 5],
                Separator.Array[5],
                Gen.OneOf("", " ", "!", "?"),
                (words, separators, tail) => string.Concat(words.Select((w, i) => i == 0 ? w : separators[i] + w)) + tail);

    private static readonly Gen<(string Text, bool Vip, bool IsNew, int[] History, int EndpointNumber)> Facts =
        Gen.Select(Message, Gen.Bool, Gen.Bool, Gen.Int[0, 30].Array[0, 6], Gen.Int[1, 2]);

    [Fact]
    public void Evaluate_RandomRuleSetsAndMessages_IndexedEqualsNaive()
    {
        Gen.Select(RuleSet, Facts.Array[1, 8]).Sample((rules, facts) =>
        {
            // Arrange
            var set = RuleCompiler.Compile(rules);
            foreach (var f in facts)
            {
                var history = f.History.DistinctBy(i => i % 25).ToDictionary(i => $"r{i % 25}", i => Noon.AddMinutes(-i * 5));
                var fact = Fact(f.Text, Contact(isNew: f.IsNew, tags: f.Vip ? ["VIP"] : [], history: history), endpoint: $"ep-{f.EndpointNumber}");

                // Act
                var indexed = Describe(set.Evaluate(fact).Activations);
                var naive = Describe(set.EvaluateNaive(fact));
                var traced = Describe(set.Evaluate(fact, new EvaluationOptions { Trace = true }).Activations);

                // Assert
                if (indexed != naive || traced != naive)
                {
                    throw new InvalidOperationException($"message '{f.Text}': indexed [{indexed}] / traced [{traced}] != naive [{naive}]");
                }
            }
        }, iter: 3000);
    }

    [Fact]
    public void Evaluate_ManyKeywordRules_IndexedEqualsNaiveForEveryKeyword()
    {
        // Arrange: 2,000 keyword rules of every indexable kind, plus a few always-evaluated rules.
        var rules = Enumerable.Range(0, 2000).Select(i => (i % 3) switch
        {
            0 => Rule($"k{i}", new FirstWordIsCondition(Keywords($"w{i}"))),
            1 => Rule($"k{i}", new MessageIsCondition(Keywords($"w{i - 1} x"))),
            _ => Rule($"k{i}", new ContainsWordCondition(Keywords($"w{i % 7}"))) with { Priority = i % 5 },
        }).Append(Rule("regex", new MatchesRegexCondition("w1\\d"))).ToArray();
        var set = RuleCompiler.Compile(rules);
        var texts = Enumerable.Range(0, 2000).SelectMany(i => new[] { $"w{i}", $"w{i} x", $"hello w{i}", $"W{i}!" }).ToArray();

        // Act
        var mismatches = texts.Where(t => Describe(set.Evaluate(Fact(t)).Activations) != Describe(set.EvaluateNaive(Fact(t)))).ToArray();

        // Assert
        Assert.Empty(mismatches);
        Assert.Equal(2003, set.IndexedRuleCount);
        Assert.NotEmpty(set.Evaluate(Fact("w3 x")).Activations);
    }

    private static string Describe(IEnumerable<Activation> activations) =>
        string.Join(" | ", activations.Select(a => $"{a.RuleId}/{a.Keyword}/{string.Join(",", a.Actions.Select(x => $"{x.Kind}:{x.Text}"))}"));
}
