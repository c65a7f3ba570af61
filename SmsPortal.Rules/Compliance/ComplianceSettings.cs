namespace SmsPortal.Rules.Compliance;

/// <summary>
/// A workspace's customisation of the built-in compliance rules. The built-in keywords
/// (<see cref="ComplianceKeywords"/>) cannot be removed; workspaces can add keywords (for example in other languages)
/// and customise the replies.
/// </summary>
public sealed record ComplianceSettings
{
    /// <summary>Reply template sent on opt-out; null uses <see cref="ComplianceKeywords.DefaultOptOutReply"/>.</summary>
    public string? OptOutReply { get; init; }

    /// <summary>Reply template sent on opt-in; null uses <see cref="ComplianceKeywords.DefaultOptInReply"/>.</summary>
    public string? OptInReply { get; init; }

    /// <summary>Reply template sent on help; null uses <see cref="ComplianceKeywords.DefaultHelpReply"/>.</summary>
    public string? HelpReply { get; init; }

    /// <summary>Extra opt-out keywords in addition to the built-in ones (e.g. <c>ARRET</c>, <c>BAJA</c>).</summary>
    public IReadOnlyList<string> ExtraOptOutKeywords { get; init; } = [];

    /// <summary>Extra opt-in keywords in addition to the built-in ones.</summary>
    public IReadOnlyList<string> ExtraOptInKeywords { get; init; } = [];

    /// <summary>Extra help keywords in addition to the built-in ones.</summary>
    public IReadOnlyList<string> ExtraHelpKeywords { get; init; } = [];
}

/// <summary>Which built-in compliance rule produced an activation.</summary>
public enum ComplianceKind
{
    /// <summary>A user rule, not a compliance rule.</summary>
    None = 0,

    /// <summary>Opt-out keyword (STOP, UNSUBSCRIBE, ...).</summary>
    OptOut = 1,

    /// <summary>Opt-in keyword (START, YES, UNSTOP).</summary>
    OptIn = 2,

    /// <summary>Help keyword (HELP, INFO).</summary>
    Help = 3,
}
