using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;
using Peer = RulesEngine.Models;

namespace SmsPortal.Benchmarks;

/// <summary>The rule sets measured, expressed both as SmsPortal rules and as Microsoft RulesEngine workflows.</summary>
internal static class RuleSets
{
    public const string WorkflowName = "inbound";

    /// <summary>The message every benchmark evaluates; it hits exactly one keyword rule.</summary>
    public static string HitMessage(int ruleCount) => $"  KW{ruleCount / 2}! what is the price? ";

    /// <summary>A message that fires no rule.</summary>
    public const string MissMessage = "Hello, what time do you open tomorrow?";

    public static RuleFact Fact(string text) => new(
        new MessageFact(text, "ep-1", new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero)),
        new ContactFact { Number = "+27820000001", Name = "Thandi" });

    /// <summary>
    /// <paramref name="count"/> keyword rules: even ones "first word is kw{i}", odd ones "contains word kw{i}",
    /// each replying with a template.
    /// </summary>
    public static RuleDefinition[] KeywordRules(int count) => Enumerable.Range(0, count).Select(i => new RuleDefinition
    {
        Id = $"kw{i}",
        Name = $"Keyword {i}",
        Priority = i % 3,
        Conditions = i % 2 == 0
            ? [new FirstWordIsCondition([new Keyword($"kw{i}")])]
            : [new ContainsWordCondition([new Keyword($"kw{i}")])],
        Actions = [new ReplyAction("Hi {{contact.name}}, you sent {{keyword}}")],
    }).ToArray();

    /// <summary>The same keyword rules as RulesEngine lambda expressions over <see cref="PeerInput"/>.</summary>
    public static Peer.Workflow KeywordWorkflow(int count) => new()
    {
        WorkflowName = WorkflowName,
        Rules = Enumerable.Range(0, count).Select(i => new Peer.Rule
        {
            RuleName = $"kw{i}",
            SuccessEvent = $"kw{i}",
            RuleExpressionType = Peer.RuleExpressionType.LambdaExpression,
            Expression = i % 2 == 0 ? $"input1.FirstWord == \"kw{i}\"" : $"input1.Words.Contains(\"kw{i}\")",
        }).ToList(),
    };

    /// <summary><paramref name="count"/> rules that cannot be indexed: half regex, half contains-phrase.</summary>
    public static RuleDefinition[] RegexAndPhraseRules(int count) => Enumerable.Range(0, count).Select(i => new RuleDefinition
    {
        Id = $"rx{i}",
        Name = $"Regex/phrase {i}",
        Conditions = i % 2 == 0
            ? [new MatchesRegexCondition($@"\bkw{i}\b.*\d")]
            : [new ContainsPhraseCondition([$"kw{i} what"])],
        Actions = [new ReplyAction("matched")],
    }).ToArray();

    public static Peer.Workflow RegexAndPhraseWorkflow(int count) => new()
    {
        WorkflowName = WorkflowName,
        Rules = Enumerable.Range(0, count).Select(i => new Peer.Rule
        {
            RuleName = $"rx{i}",
            SuccessEvent = $"rx{i}",
            RuleExpressionType = Peer.RuleExpressionType.LambdaExpression,
            Expression = i % 2 == 0
                ? $"Regex.IsMatch(input1.Raw, \"\\\\bkw{i}\\\\b.*\\\\d\", RegexOptions.IgnoreCase)"
                : $"(\" \" + input1.Text + \" \").Contains(\" kw{i} what \")",
        }).ToList(),
    };
}

/// <summary>The input the RulesEngine peer evaluates: the message normalised the same way (done per message, inside the measurement).</summary>
public sealed class PeerInput
{
    /// <summary>Trimmed raw text.</summary>
    public required string Raw { get; init; }

    /// <summary>Normalised text.</summary>
    public required string Text { get; init; }

    /// <summary>Normalised text with a space at either end (for whole-word phrase tests).</summary>
    public string Padded => " " + Text + " ";

    /// <summary>Normalised first word.</summary>
    public required string FirstWord { get; init; }

    /// <summary>Normalised words.</summary>
    public required string[] Words { get; init; }

    /// <summary>Normalises like SmsPortal.Rules: lower case, words split on white space, punctuation around words removed.</summary>
    public static PeerInput From(string message)
    {
        var words = message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim(Punctuation).ToLowerInvariant())
            .Where(w => w.Length > 0)
            .ToArray();
        return new PeerInput { Raw = message.Trim(), Text = string.Join(' ', words), FirstWord = words.FirstOrDefault() ?? string.Empty, Words = words };
    }

    private static readonly char[] Punctuation = Enumerable.Range(0, 128).Select(c => (char)c).Where(char.IsPunctuation).ToArray();
}
