namespace SmsPortal.RuleSets.DryRun;

/// <summary>Which stored messages a dry run goes over: the last <see cref="Last"/> of them, narrowed by the other fields.</summary>
public sealed record DryRunScope
{
    public const int MaxMessages = 100_000;

    public int Last { get; init; } = 1000;
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public Guid? ContactId { get; init; }
    public string? Tag { get; init; }
}

public enum DryRunChange
{
    Same,
    /// <summary>Both answer, with different replies.</summary>
    AnsweredDifferently,
    /// <summary>Live answers, the draft does not.</summary>
    NewlyUnanswered,
    /// <summary>The draft answers, live does not.</summary>
    NewlyAnswered,
    /// <summary>The same replies, but other rules fire (tags, tickets, forwards…).</summary>
    OtherRules,
}

/// <summary>What one rule set did with one message: the rules that fired, in order, and the replies it would send.</summary>
public sealed record DryRunOutcome(IReadOnlyList<string> Rules, IReadOnlyList<string> Replies)
{
    public bool Answers => Replies.Count > 0;
}

public sealed record DryRunItem(string MessageId, DateTimeOffset ReceivedAt, string From, string Text, DryRunOutcome Live, DryRunOutcome Draft, DryRunChange Change);

/// <param name="Changes">The messages that would be treated differently, oldest first, up to <see cref="DryRunService.MaxItems"/>.</param>
public sealed record DryRunReport(int Messages, int AnsweredDifferently, int NewlyUnanswered, int NewlyAnswered, int OtherRules, int? LiveVersion, IReadOnlyList<DryRunItem> Changes)
{
    public int Changed => AnsweredDifferently + NewlyUnanswered + NewlyAnswered + OtherRules;
}
