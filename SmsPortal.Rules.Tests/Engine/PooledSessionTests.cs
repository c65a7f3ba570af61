using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;
using static SmsPortal.Rules.Tests.RuleTestData;

namespace SmsPortal.Rules.Tests.Engine;

/// <summary>
/// A pooled session keeps its guard facts resident from message to message: what one message matched, stopped or left
/// on the agenda must not fire for the next one.
/// </summary>
public sealed class PooledSessionTests
{
    private static readonly RuleDefinition[] Rules =
    [
        Rule("stopper", new ContainsWordCondition(Keywords("price"))) with { Priority = 3, Options = new RuleOptions { StopProcessing = true } },
        Rule("phrase", new ContainsPhraseCondition(["price list"])) with { Priority = 2 },
        Rule("creme", new StartsWithCondition(["hi crème"]) { IgnoreAccents = true }) with { Priority = 1 },
        Rule("list", new ContainsWordCondition(Keywords("list"))),
        Rule("always", new MatchesRegexCondition("list")),
    ];

    [Theory]
    [InlineData(4, 3, 2)]
    [InlineData(1, 1, 1)]
    public void Evaluate_MessagesAfterAStop_FireOnlyWhatEachMessageMatches(int guards, int indexedRules, int alwaysRules)
    {
        // Arrange: the stop leaves "phrase", "creme" and "list" matched in the same sessions, then messages that update only some guards
        var set = RuleCompiler.Compile(Rules, null, new PartitionLimits(guards, indexedRules, alwaysRules));
        var reference = new ReferenceInterpreter(Rules);
        string[] messages = ["hi CRÈME! price\tlist ", "hi creme", "list", "price", "hi CRÈME! price\tlist ", "hello", "price list", "list"];

        // Act
        var fired = messages.Select(m => string.Join(",", Fired(set, Fact(m)))).ToArray();
        var expected = messages.Select(m => string.Join(",", reference.Evaluate(Fact(m)).Select(d => d.Split('/')[0]))).ToArray();

        // Assert
        Assert.Equal(["stopper", "creme", "list,always", "stopper", "stopper", "", "stopper", "list,always"], fired);
        Assert.Equal(expected, fired);
    }
}
