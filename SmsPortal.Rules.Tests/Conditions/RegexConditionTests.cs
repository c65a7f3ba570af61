using System.Text.RegularExpressions;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Conditions;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;
using static SmsPortal.Rules.Tests.RuleTestData;

namespace SmsPortal.Rules.Tests.Conditions;

public sealed class RegexConditionTests
{
    [Theory]
    [InlineData("ORDER 12345", true)]
    [InlineData("  order 99999  ", true)]
    [InlineData("order 123", false)]
    [InlineData("my order 12345", false)]
    public void MatchesRegex_Message_MatchesTrimmedRawTextIgnoringCase(string text, bool expected)
    {
        // Arrange
        var condition = new MatchesRegexCondition(@"^order \d{5}$");

        // Act
        var passes = Passes(condition, text);

        // Assert
        Assert.Equal(expected, passes);
    }

    [Fact]
    public void MatchesRegex_CaseSensitive_RespectsCase()
    {
        // Arrange
        var condition = new MatchesRegexCondition("^ABC", IgnoreCase: false);

        // Act
        var upper = Passes(condition, "ABC def");
        var lower = Passes(condition, "abc def");

        // Assert
        Assert.True(upper);
        Assert.False(lower);
    }

    [Fact]
    public void MatchesRegex_CatastrophicPattern_EvaluatesWithoutBacktracking()
    {
        // Arrange: with a backtracking engine this pattern takes exponential time on this input.
        var condition = new MatchesRegexCondition("^(a+)+$");
        var text = new string('a', 5000) + "!";

        // Act
        var passes = Passes(condition, text);

        // Assert
        Assert.False(passes);
    }

    [Theory]
    [InlineData(@"(\w)\1")]
    [InlineData(@"foo(?=bar)")]
    [InlineData(@"(?<!x)y")]
    [InlineData(@"(?>a+)b")]
    public void Compile_BacktrackingOnlyConstruct_ReportsUnsafeRegex(string pattern)
    {
        // Act
        var errors = Errors(Rule("r", new MatchesRegexCondition(pattern)));

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal("conditions[0].pattern", error.Field);
        Assert.Contains("cannot be evaluated safely", error.Message);
    }

    [Theory]
    [InlineData("(unclosed", "invalid regular expression")]
    [InlineData("", "empty")]
    public void Compile_InvalidPattern_ReportsFieldAndProblem(string pattern, string expected)
    {
        // Act
        var errors = Errors(Rule("r", new MatchesRegexCondition(pattern)));

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal("conditions[0].pattern", error.Field);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Compile_OverlongPattern_IsRejected()
    {
        // Act
        var errors = Errors(Rule("r", new MatchesRegexCondition(new string('a', 1001))));

        // Assert
        Assert.Contains("longer than", Assert.Single(errors).Message);
    }

    [Fact]
    public void MatchesRegex_HugeMessage_CompletesAndTraceExplains()
    {
        // Arrange
        var set = Compile(Rule("r", new MatchesRegexCondition("(x+x+)+y")));
        var fact = Fact(new string('x', 20000));

        // Act
        var result = set.Evaluate(fact, new EvaluationOptions { Trace = true });

        // Assert
        Assert.DoesNotContain(result.Activations, a => !a.IsCompliance);
        var rule = result.Trace!.Rules.Single(r => r.RuleId == "r");
        Assert.Equal(RuleOutcome.ConditionsFailed, rule.Outcome);
        Assert.Contains("does not match", rule.Conditions[0].Reason);
    }

    [Fact]
    public void Compile_UserPattern_IsNonBacktrackingWithMatchTimeout()
    {
        // Act
        var node = ConditionCompiler.Compile(new MatchesRegexCondition("a+b"), "conditions[0]", new ErrorSink());

        // Assert
        var regex = Assert.IsType<RegexNode>(node).Regex;
        Assert.True(regex.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.Equal(TimeSpan.FromSeconds(2), regex.MatchTimeout);
    }

    [Fact]
    public void Evaluate_RegexThatTimesOut_CountsAsNoMatchAndTraceSaysWhy()
    {
        // Arrange: a backtracking regex with a 1 ms timeout stands in for any regex that exceeds its budget.
        var node = new RegexNode("conditions[0]", new Regex("^(a+)+$", RegexOptions.None, TimeSpan.FromMilliseconds(1)));
        var context = new EvaluationContext(Fact(new string('a', 40) + "!"));

        // Act
        var passed = node.Evaluate(context, out _);
        var trace = node.Trace(context);

        // Assert
        Assert.False(passed);
        Assert.False(trace.Passed);
        Assert.Contains("timed out", trace.Reason);
    }
}
