using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;
using static SmsPortal.Rules.Tests.RuleTestData;

namespace SmsPortal.Rules.Tests.Engine;

public sealed class EvaluationTraceTests
{
    private static readonly EvaluationOptions WithTrace = new() { Trace = true };

    [Fact]
    public void Evaluate_TraceRequested_ExplainsEveryRuleAndCondition()
    {
        // Arrange
        var set = Compile(
            Rule("price", new FirstWordIsCondition(Keywords("price")), new HasTagCondition("vip")) with { Priority = 2 },
            Rule("hours", new ContainsWordCondition(Keywords("hours"))) with { Priority = 1, Options = new RuleOptions { StopProcessing = true } },
            Rule("fallback"),
            Rule("off") with { Enabled = false });

        // Act
        var result = set.Evaluate(Fact("Price & hours?"), WithTrace);

        // Assert
        var trace = Assert.IsType<EvaluationTrace>(result.Trace);
        Assert.Equal("price hours", trace.NormalizedText);
        Assert.Equal(
            ["compliance:opt-out", "compliance:opt-in", "compliance:help", "price", "hours", "fallback", "off"],
            trace.Rules.Select(r => r.RuleId));
        var price = trace.Rules[3];
        Assert.Equal(RuleOutcome.ConditionsFailed, price.Outcome);
        Assert.Equal([true, false], price.Conditions.Select(c => c.Passed));
        Assert.Equal("first word 'price' is one of ['price']", price.Conditions[0].Reason);
        Assert.Equal("conditions[1]", price.Conditions[1].Field);
        Assert.Equal("hasTag", price.Conditions[1].Type);
        Assert.Equal(RuleOutcome.Fired, trace.Rules[4].Outcome);
        Assert.Equal(RuleOutcome.SkippedAfterStop, trace.Rules[5].Outcome);
        Assert.Equal(RuleOutcome.Disabled, trace.Rules[6].Outcome);
        Assert.Equal(["hours"], result.Activations.Select(a => a.RuleId));
    }

    [Fact]
    public void Evaluate_TraceOfHistorySkips_NamesTheReason()
    {
        // Arrange
        var set = Compile(
            Rule("once") with { Options = new RuleOptions { OncePerContact = true } },
            Rule("cool") with { Options = new RuleOptions { Cooldown = TimeSpan.FromHours(2) } });
        var contact = Contact(history: new() { ["once"] = Noon.AddDays(-3), ["cool"] = Noon.AddHours(-1) });

        // Act
        var trace = set.Evaluate(Fact("hi", contact), WithTrace).Trace!;

        // Assert
        Assert.Equal(RuleOutcome.SkippedOncePerContact, trace.Rules.Single(r => r.RuleId == "once").Outcome);
        var cool = trace.Rules.Single(r => r.RuleId == "cool");
        Assert.Equal(RuleOutcome.SkippedCooldown, cool.Outcome);
        Assert.Contains("cooling down until", cool.Reason);
    }

    [Fact]
    public void Evaluate_TraceOfNestedConditions_IncludesChildren()
    {
        // Arrange
        var set = Compile(Rule("r", new AnyCondition([new NotCondition(new IsNewContactCondition()), new EndpointIsCondition(["ep-9"])])));

        // Act
        var rule = set.Evaluate(Fact("hi", Contact(isNew: true)), WithTrace).Trace!.Rules.Single(r => r.RuleId == "r");

        // Assert
        var any = Assert.Single(rule.Conditions);
        Assert.False(any.Passed);
        Assert.Equal("no condition passed", any.Reason);
        Assert.Equal(["conditions[0].conditions[0]", "conditions[0].conditions[1]"], any.Children.Select(c => c.Field));
        Assert.Equal("this is the contact's first message", Assert.Single(any.Children[0].Children).Reason);
    }

    [Fact]
    public void Evaluate_WithAndWithoutTrace_ReturnSameActivations()
    {
        // Arrange
        var set = Compile(
            Rule("a", new ContainsWordCondition(Keywords("x"))) with { Actions = [new ReplyAction("{{keyword}} {{message.text}}")] },
            Rule("b", new StartsWithCondition(["x y"])),
            Rule("c", new LacksTagCondition("t")) with { Priority = 4 });
        var fact = Fact("x y z");

        // Act
        var plain = set.Evaluate(fact).Activations;
        var traced = set.Evaluate(fact, WithTrace).Activations;

        // Assert
        Assert.Equal(plain.Select(a => a.ToString()), traced.Select(a => a.ToString()));
        Assert.Equal(plain.SelectMany(a => a.Actions), traced.SelectMany(a => a.Actions));
    }

    [Fact]
    public void Evaluate_TraceAfterAFailedCondition_MarksTheRestNotEvaluated()
    {
        // Arrange
        var set = Compile(Rule("r", new HasTagCondition("vip"), new IsNewContactCondition(), new ContainsWordCondition(Keywords("hi"))));

        // Act
        var rule = set.Evaluate(Fact("hi"), WithTrace).Trace!.Rules.Single(r => r.RuleId == "r");

        // Assert
        Assert.Equal(RuleOutcome.ConditionsFailed, rule.Outcome);
        Assert.Equal([true, false, false], rule.Conditions.Select(c => c.Evaluated));
        Assert.False(rule.Conditions[0].Passed);
        Assert.Equal("contact does not have tag 'vip'", rule.Conditions[0].Reason);
        Assert.All(rule.Conditions.Skip(1), c => Assert.Contains("not evaluated", c.Reason));
    }

    [Fact]
    public void Evaluate_TraceOfConditionsSharedByRules_ReportsEachRule()
    {
        // Arrange: NRules evaluates the identical guard once for both rules; the second conditions differ
        var set = Compile(
            Rule("a", new FirstWordIsCondition(Keywords("price")), new EndpointIsCondition(["ep-1"])),
            Rule("b", new FirstWordIsCondition(Keywords("price")), new EndpointIsCondition(["ep-2"])));

        // Act
        var trace = set.Evaluate(Fact("price", endpoint: "ep-2"), WithTrace).Trace!;

        // Assert
        var a = trace.Rules.Single(r => r.RuleId == "a");
        var b = trace.Rules.Single(r => r.RuleId == "b");
        Assert.Equal([true, false], a.Conditions.Select(c => c.Passed));
        Assert.Equal([true, true], b.Conditions.Select(c => c.Passed));
        Assert.Equal((RuleOutcome.ConditionsFailed, RuleOutcome.Fired), (a.Outcome, b.Outcome));
    }

    [Fact]
    public void Evaluate_TraceWhenAnotherPartitionStopped_ShowsLaterRulesSkipped()
    {
        // Arrange: a stopping keyword rule first; an always-evaluated rule (another NRules session factory) after it
        var set = Compile(
            Rule("stopper", new FirstWordIsCondition(Keywords("price"))) with { Priority = 5, Options = new RuleOptions { StopProcessing = true } },
            Rule("regex", new MatchesRegexCondition("price")));

        // Act
        var result = set.Evaluate(Fact("price"), WithTrace);

        // Assert
        Assert.Equal(2, set.PartitionCount); // compliance and "stopper" share the indexed one
        Assert.Equal(["stopper"], result.Activations.Select(a => a.RuleId));
        var regex = result.Trace!.Rules.Single(r => r.RuleId == "regex");
        Assert.Equal(RuleOutcome.SkippedAfterStop, regex.Outcome);
        Assert.Contains("'Rule stopper' fired earlier", regex.Reason);
    }
}
