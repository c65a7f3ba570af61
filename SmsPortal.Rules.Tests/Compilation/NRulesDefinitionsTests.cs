using NRules;
using NRules.Diagnostics;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;
using static SmsPortal.Rules.Tests.RuleTestData;

namespace SmsPortal.Rules.Tests.Compilation;

public sealed class NRulesDefinitionsTests
{
    [Fact]
    public void Compile_Rules_BecomeNRulesDefinitionsWithUniquePrioritiesInAgendaOrder()
    {
        // Arrange
        var set = Compile(
            Rule("low", new FirstWordIsCondition(Keywords("price"))) with { Priority = 1 },
            Rule("high", new ContainsWordCondition(Keywords("price"))) with { Priority = 1 },
            Rule("regex", new MatchesRegexCondition("x"), new LacksTagCondition("vip")) with { Options = new RuleOptions { Cooldown = TimeSpan.FromHours(1) } });

        // Act
        var rules = set.Network.Partitions.SelectMany(p => Schema(p).Nodes.Where(n => n.NodeType == NodeType.Rule)).SelectMany(n => n.Rules).ToArray();

        // Assert
        Assert.Equal(set.Agenda.Order(), rules.Select(r => r.Name).Order());
        Assert.Equal(set.Agenda, rules.OrderByDescending(r => r.Priority).Select(r => r.Name));
        Assert.Equal(rules.Length, rules.Select(r => r.Priority).Distinct().Count());
        var regex = rules.Single(r => r.Name == "regex");
        Assert.Equal("Rule regex", regex.Description);
    }

    [Fact]
    public void Compile_RuleWithGuardConditionsAndHistory_HasOneNRulesConditionEach()
    {
        // Arrange
        var set = Compile(Rule("r", new FirstWordIsCondition(Keywords("price")), new AnyCondition([new HasTagCondition("a"), new NotCondition(new IsNewContactCondition())])) with
        {
            Options = new RuleOptions { OncePerContact = true },
        });
        var rule = set.Rules.Single(r => r.Id == "r");

        // Act
        var definition = NRulesDefinitions.Build(rule, guardBit: 3);

        // Assert: the guard is the pattern's fact type; the two no-code conditions (the nested any/not is one lambda), the history check
        var pattern = Assert.Single(definition.LeftHandSide.ChildElements.OfType<NRules.RuleModel.PatternElement>());
        Assert.Equal(GuardFact.TypeOf(3), pattern.ValueType);
        Assert.Equal(3, pattern.Expressions.Count());
        Assert.Contains("OrElse", pattern.Expressions.ElementAt(1).Expression.Body.NodeType.ToString());
        Assert.Contains(nameof(CompiledRule.HistoryAllows), pattern.Expressions.Last().Expression.ToString());
    }

    [Fact]
    public void Compile_RulesUnderTheSameKeywords_ShareOneGuardNode()
    {
        // Arrange: three rules on "price" (two endpoints and a tag), one on "hours"
        var set = Compile(
            Rule("a", new FirstWordIsCondition(Keywords("price")), new EndpointIsCondition(["ep-1"])),
            Rule("b", new FirstWordIsCondition(Keywords("price")), new EndpointIsCondition(["ep-2"])),
            Rule("c", new FirstWordIsCondition(Keywords("price")), new HasTagCondition("vip")),
            Rule("d", new FirstWordIsCondition(Keywords("hours"))));

        // Act
        var guards = set.Network.Partitions.Where(p => p.Guarded).Select(Schema)
            .SelectMany(s => s.Nodes.Where(n => n.NodeType == NodeType.Type))
            .ToArray();

        // Assert
        var price = Assert.Single(guards, g => g.Rules.Count == 3);
        Assert.Equal(["a", "b", "c"], price.Rules.Select(r => r.Name).Order());
        Assert.Single(guards, g => g.Rules.Select(r => r.Name).SequenceEqual(["d"]));
    }

    [Fact]
    public void Compile_ManyKeywordRules_SplitIntoSmallPartitionsAndAlwaysEvaluatedOnes()
    {
        // Arrange
        var rules = Enumerable.Range(0, 300).Select(i => Rule($"k{i}", new FirstWordIsCondition(Keywords($"w{i}"))))
            .Concat(Enumerable.Range(0, 200).Select(i => Rule($"x{i}", new MatchesRegexCondition($"w{i}\\d"))))
            .ToArray();

        // Act
        var set = Compile(rules);

        // Assert
        var partitions = set.Network.Partitions;
        Assert.All(partitions.Where(p => p.Guarded), p => Assert.InRange(p.RuleCount, 1, PartitionLimits.Default.IndexedRules));
        Assert.Equal(2, partitions.Count(p => !p.Guarded));
        Assert.Equal(503, partitions.Sum(p => p.RuleCount));
        Assert.Equal(["k7"], Fired(set, Fact("w7")));
        Assert.Equal(["k71", "x7"], Fired(set, Fact("w71")));
    }

    [Fact]
    public void Compile_PhrasesAndMultiWordPrefixes_AreReachedThroughTheIndex()
    {
        // Arrange: a phrase matches whole words, a prefix with a space ends its first word; "pri" may end mid-word
        var set = Compile(
            Rule("phrase", new ContainsPhraseCondition(["opening hours"])),
            Rule("prefix", new StartsWithCondition(["order status"])),
            Rule("partial", new StartsWithCondition(["pri"])));

        // Act
        var fired = Fired(set, Fact("Order status: what are your OPENING hours?"));

        // Assert
        Assert.Equal(3 + 2, set.IndexedRuleCount); // the compliance rules and the two indexed ones
        Assert.Equal(["phrase", "prefix"], fired.Order());
        Assert.Equal(["partial"], Fired(set, Fact("prices please")));
        Assert.Empty(Fired(set, Fact("hours of opening")));
    }

    private static ReteGraph Schema(Partition partition) => ((ISessionSchemaProvider)partition.Factory).GetSchema();
}
