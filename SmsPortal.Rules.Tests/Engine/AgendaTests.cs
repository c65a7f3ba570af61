using SmsPortal.Rules.Model;
using static SmsPortal.Rules.Tests.RuleTestData;

namespace SmsPortal.Rules.Tests.Engine;

public sealed class AgendaTests
{
    [Fact]
    public void Evaluate_MatchingRules_FireByPriorityDescendingThenAuthoringOrder()
    {
        // Arrange
        var rules = new[]
        {
            Rule("low-1") with { Priority = 1 },
            Rule("high") with { Priority = 10 },
            Rule("low-2") with { Priority = 1 },
            Rule("negative") with { Priority = -5 },
            Rule("low-3") with { Priority = 1 },
            Rule("mid") with { Priority = 5 },
        };

        // Act
        var fired = Fired("hello", rules);

        // Assert
        Assert.Equal(["high", "mid", "low-1", "low-2", "low-3", "negative"], fired);
    }

    [Fact]
    public void Evaluate_IndexedAndAlwaysEvaluatedRules_AreMergedInAgendaOrder()
    {
        // Arrange
        var rules = new[]
        {
            Rule("regex", new MatchesRegexCondition("price")) with { Priority = 1 },
            Rule("keyword", new FirstWordIsCondition(Keywords("price"))) with { Priority = 2 },
            Rule("tag", new LacksTagCondition("x")),
            Rule("word", new ContainsWordCondition(Keywords("list"))) with { Priority = 3 },
        };

        // Act
        var fired = Fired("price list", rules);

        // Assert
        Assert.Equal(["word", "keyword", "regex", "tag"], fired);
    }

    [Fact]
    public void Evaluate_StopProcessingOption_SuppressesLaterRules()
    {
        // Arrange
        var rules = new[]
        {
            Rule("first") with { Priority = 3 },
            Rule("stopper") with { Priority = 2, Options = new RuleOptions { StopProcessing = true } },
            Rule("after") with { Priority = 1 },
        };

        // Act
        var fired = Fired("hello", rules);

        // Assert
        Assert.Equal(["first", "stopper"], fired);
    }

    [Fact]
    public void Evaluate_StopAction_SuppressesLaterRules()
    {
        // Arrange
        var rules = new[]
        {
            Rule("stopper") with { Actions = [new ReplyAction("hi"), new StopAction()] },
            Rule("after"),
        };

        // Act
        var fired = Fired("hello", rules);

        // Assert
        Assert.Equal(["stopper"], fired);
    }

    [Fact]
    public void Evaluate_StoppingRuleThatDoesNotMatch_DoesNotStop()
    {
        // Arrange
        var rules = new[]
        {
            Rule("stopper", new FirstWordIsCondition(Keywords("price"))) with { Options = new RuleOptions { StopProcessing = true } },
            Rule("after"),
        };

        // Act
        var fired = Fired("hello", rules);

        // Assert
        Assert.Equal(["after"], fired);
    }

    [Fact]
    public void Evaluate_DisabledRule_NeverFires()
    {
        // Arrange
        var rules = new[] { Rule("off") with { Enabled = false }, Rule("on") };

        // Act
        var fired = Fired("hello", rules);

        // Assert
        Assert.Equal(["on"], fired);
    }

    [Fact]
    public void Evaluate_NoMatchingRule_ReturnsNoActivations()
    {
        // Arrange
        var set = Compile(Rule("r", new FirstWordIsCondition(Keywords("price"))));

        // Act
        var result = set.Evaluate(Fact("hello there"));

        // Assert
        Assert.Empty(result.Activations);
        Assert.Null(result.Trace);
    }

    [Fact]
    public void Evaluate_ConcurrentCallers_GetIndependentResults()
    {
        // Arrange
        var set = Compile(
            Rule("price", new FirstWordIsCondition(Keywords("price"))) with { Actions = [new ReplyAction("{{message.text}}")] },
            Rule("hours", new FirstWordIsCondition(Keywords("hours"))) with { Actions = [new ReplyAction("{{message.text}}")] });

        // Act
        var results = Enumerable.Range(0, 2000).AsParallel().Select(i =>
        {
            var text = (i % 2 == 0 ? "price " : "hours ") + i;
            return (text, activation: set.Evaluate(Fact(text)).Activations.Single());
        }).ToArray();

        // Assert
        Assert.All(results, r => Assert.Equal(r.text, r.activation.Actions[0].Text));
        Assert.All(results, r => Assert.Equal(r.text.Split(' ')[0], r.activation.RuleId));
    }
}
