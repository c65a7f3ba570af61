namespace SmsPortal.Rules.Compliance;

/// <summary>
/// The built-in compliance keywords and default replies. A compliance keyword matches only when it is the whole message
/// after trimming, case-folding and removing punctuation around it ("stop" and " Stop! " opt out, "STOP please" does not),
/// as carriers and Twilio do. Compliance rules are evaluated before every user rule and stop further processing.
/// </summary>
public static class ComplianceKeywords
{
    /// <summary>Built-in opt-out keywords.</summary>
    public static IReadOnlyList<string> OptOut { get; } = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"];

    /// <summary>Built-in opt-in keywords.</summary>
    public static IReadOnlyList<string> OptIn { get; } = ["START", "YES", "UNSTOP"];

    /// <summary>Built-in help keywords.</summary>
    public static IReadOnlyList<string> Help { get; } = ["HELP", "INFO"];

    /// <summary>Default opt-out reply.</summary>
    public const string DefaultOptOutReply = "You have been unsubscribed and will receive no further messages. Reply START to resubscribe.";

    /// <summary>Default opt-in reply.</summary>
    public const string DefaultOptInReply = "You have been resubscribed. Reply STOP to unsubscribe.";

    /// <summary>Default help reply.</summary>
    public const string DefaultHelpReply = "Reply STOP to unsubscribe or START to resubscribe.";

    /// <summary>Rule id of the built-in opt-out rule.</summary>
    public const string OptOutRuleId = "compliance:opt-out";

    /// <summary>Rule id of the built-in opt-in rule.</summary>
    public const string OptInRuleId = "compliance:opt-in";

    /// <summary>Rule id of the built-in help rule.</summary>
    public const string HelpRuleId = "compliance:help";
}
