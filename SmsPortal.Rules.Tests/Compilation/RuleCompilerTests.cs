using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Model;
using static SmsPortal.Rules.Tests.RuleTestData;

namespace SmsPortal.Rules.Tests.Compilation;

public sealed class RuleCompilerTests
{
    [Fact]
    public void Compile_InvalidRules_ErrorsNameRuleFieldAndProblem()
    {
        // Arrange
        var rule = Rule("welcome", new FirstWordIsCondition([new Keyword("hi"), new Keyword("good morning")])) with { Name = "Welcome" };

        // Act
        var error = Assert.Single(Errors(rule));

        // Assert
        Assert.Equal("welcome", error.RuleId);
        Assert.Equal("Welcome", error.RuleName);
        Assert.Equal("conditions[0].keywords[1].value", error.Field);
        Assert.Contains("several words", error.Message);
    }

    [Fact]
    public void Compile_KeywordThatIsOnlyPunctuation_ReportsSynonymField()
    {
        // Arrange
        var rule = Rule("r", new ContainsWordCondition([new Keyword("price", ["cost", "?!"])]));

        // Act
        var error = Assert.Single(Errors(rule));

        // Assert
        Assert.Equal("conditions[0].keywords[0].synonyms[1]", error.Field);
    }

    [Fact]
    public void Compile_EmptyKeywordList_IsRejected()
    {
        // Act
        var error = Assert.Single(Errors(Rule("r", new MessageIsCondition([]))));

        // Assert
        Assert.Equal("conditions[0].keywords", error.Field);
    }

    [Fact]
    public void Compile_DuplicateMissingAndReservedIds_AreRejected()
    {
        // Arrange
        var rules = new[] { Rule("a"), Rule("a") with { Name = "Second" }, Rule(" ") with { Name = "" }, Rule("compliance:mine") };

        // Act
        var errors = Errors(rules);

        // Assert
        Assert.Equal(
            [("a", "id"), (null, "id"), (null, "name"), ("compliance:mine", "id")],
            errors.Select(e => (e.RuleId, e.Field)));
        Assert.Contains("Rule a", errors[0].Message);
    }

    [Fact]
    public void Compile_NonPositiveCooldown_IsRejected()
    {
        // Arrange
        var rule = Rule("r") with { Options = new RuleOptions { Cooldown = TimeSpan.Zero } };

        // Act
        var error = Assert.Single(Errors(rule));

        // Assert
        Assert.Equal("options.cooldown", error.Field);
    }

    [Fact]
    public void Compile_Exception_MessageListsEveryError()
    {
        // Act
        var exception = Assert.Throws<RuleCompilationException>(() => RuleCompiler.Compile([Rule("a") with { Actions = [] }, Rule("b", new HasTagCondition(""))]));

        // Assert
        Assert.Equal(2, exception.Errors.Count);
        Assert.Contains("2 error(s)", exception.Message);
        Assert.Contains("Rule a", exception.Message);
        Assert.Contains("conditions[0].tag", exception.Message);
    }

    [Fact]
    public void Validate_ValidDocument_ReturnsNoErrors()
    {
        // Arrange
        var document = new RuleSetDocument { Rules = [Rule("a", new FirstWordIsCondition(Keywords("price")))] };

        // Act
        var errors = RuleCompiler.Validate(document);

        // Assert
        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_InvalidDisabledRule_StillReportsErrors()
    {
        // Arrange
        var document = new RuleSetDocument { Rules = [Rule("a", new MatchesRegexCondition("(")) with { Enabled = false }] };

        // Act
        var errors = RuleCompiler.Validate(document);

        // Assert
        Assert.Equal("conditions[0].pattern", Assert.Single(errors).Field);
    }

    [Fact]
    public void Compile_KeywordRules_AreIndexedAndOthersAlwaysEvaluated()
    {
        // Arrange
        var rules = new[]
        {
            Rule("first", new FirstWordIsCondition(Keywords("a"))),
            Rule("whole", new MessageIsCondition(Keywords("b c"))),
            Rule("word", new ContainsWordCondition(Keywords("d")), new HasTagCondition("x")),
            Rule("any", new AnyCondition([new FirstWordIsCondition(Keywords("e")), new ContainsWordCondition(Keywords("f"))])),
            Rule("regex", new MatchesRegexCondition("x")),
            Rule("not", new NotCondition(new FirstWordIsCondition(Keywords("g")))),
            Rule("mixed-any", new AnyCondition([new FirstWordIsCondition(Keywords("h")), new HasTagCondition("x")])),
        };

        // Act
        var set = RuleCompiler.Compile(rules);

        // Assert: 3 compliance rules + 4 indexable user rules; regex, not and mixed-any are always evaluated.
        Assert.Equal(10, set.RuleCount);
        Assert.Equal(7, set.IndexedRuleCount);
    }
}
