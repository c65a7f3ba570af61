using SmsPortal.Rules.Model;
using static SmsPortal.Rules.Tests.RuleTestData;

namespace SmsPortal.Rules.Tests.Conditions;

public sealed class LogicalConditionTests
{
    private static readonly Condition Price = new ContainsWordCondition(Keywords("price"));
    private static readonly Condition Vip = new HasTagCondition("vip");

    [Theory]
    [InlineData("price", new[] { "vip" }, true)]
    [InlineData("price", new string[0], false)]
    [InlineData("hello", new[] { "vip" }, false)]
    public void All_Children_PassOnlyWhenEveryChildPasses(string text, string[] tags, bool expected)
    {
        // Act
        var passes = Passes(new AllCondition([Price, Vip]), Fact(text, Contact(tags: tags)));

        // Assert
        Assert.Equal(expected, passes);
    }

    [Theory]
    [InlineData("price", new string[0], true)]
    [InlineData("hello", new[] { "vip" }, true)]
    [InlineData("hello", new string[0], false)]
    public void Any_Children_PassWhenOneChildPasses(string text, string[] tags, bool expected)
    {
        // Act
        var passes = Passes(new AnyCondition([Price, Vip]), Fact(text, Contact(tags: tags)));

        // Assert
        Assert.Equal(expected, passes);
    }

    [Theory]
    [InlineData("price", false)]
    [InlineData("hello", true)]
    public void Not_Child_InvertsTheResult(string text, bool expected)
    {
        // Act
        var passes = Passes(new NotCondition(Price), text);

        // Assert
        Assert.Equal(expected, passes);
    }

    [Fact]
    public void Rule_NoConditions_MatchesEveryMessage()
    {
        // Act
        var fired = Fired("anything at all", Rule("r"));

        // Assert
        Assert.Equal(["r"], fired);
    }

    [Fact]
    public void Any_KeywordFromFailingBranch_IsNotReported()
    {
        // Arrange: the first branch matches "price" but fails on the tag; the second branch matches "cost".
        var rule = Rule("r", new AnyCondition([
            new AllCondition([new ContainsWordCondition(Keywords("price")), Vip]),
            new ContainsWordCondition(Keywords("cost")),
        ]));

        // Act
        var activation = Assert.Single(Compile(rule).Evaluate(Fact("price and cost")).Activations);

        // Assert
        Assert.Equal("cost", activation.Keyword);
    }

    [Fact]
    public void Compile_EmptyAnyAndMissingNotChild_ReportNestedFieldPaths()
    {
        // Arrange
        var rule = Rule("r", new AllCondition([new AnyCondition([]), new NotCondition(null!)]));

        // Act
        var errors = Errors(rule);

        // Assert
        Assert.Equal(["conditions[0].conditions[0].conditions", "conditions[0].conditions[1].condition"], errors.Select(e => e.Field));
    }
}
