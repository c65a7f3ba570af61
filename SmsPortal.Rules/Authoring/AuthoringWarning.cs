namespace SmsPortal.Rules.Authoring;

/// <summary>What an authoring warning is about.</summary>
public enum WarningKind
{
    /// <summary>An earlier rule that stops processing fires for every message this rule matches.</summary>
    Shadowed,

    /// <summary>Two of the rule's conditions can never both pass.</summary>
    Contradiction,

    /// <summary>The rule's regular expression matches none of the messages its keyword conditions let through.</summary>
    UnreachableRegex,

    /// <summary>Two rules of the same priority answer the same keyword with different replies.</summary>
    AmbiguousKeyword,

    /// <summary>The rule uses a compliance keyword (STOP, START, HELP or one of the workspace's own).</summary>
    ComplianceKeyword,

    /// <summary>A reply is longer than the configured number of SMS segments.</summary>
    LongReply,

    /// <summary>One character outside GSM-7 turns a reply into UCS-2 (70 characters a segment instead of 160).</summary>
    UnicodeReply,

    /// <summary>A reply uses something that looks like a template variable but is not one, or one that always renders empty.</summary>
    UnknownVariable,

    /// <summary>The rule's business-hours conditions leave no time in the week when they all pass.</summary>
    EmptyWeek,
}

/// <summary>A problem worth telling the author about; it never stops a rule set from being saved or published.</summary>
/// <param name="Kind">What the warning is about.</param>
/// <param name="RuleIds">The rules it concerns: the rule warned about first, then any other rule involved.</param>
/// <param name="Message">The reason, naming the rules.</param>
/// <param name="Field">The field of the first rule it concerns (e.g. <c>actions[0].template</c>), when there is one.</param>
public sealed record AuthoringWarning(WarningKind Kind, IReadOnlyList<string> RuleIds, string Message, string? Field = null);

/// <summary>Options of <see cref="RuleSetAnalyzer"/>.</summary>
public sealed record AuthoringOptions
{
    /// <summary>Replies longer than this many SMS segments get a <see cref="WarningKind.LongReply"/> warning (default 3).</summary>
    public int MaxSegments { get; init; } = 3;
}
