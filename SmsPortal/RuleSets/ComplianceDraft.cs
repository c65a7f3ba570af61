using SmsPortal.Rules.Compliance;

namespace SmsPortal.RuleSets;

/// <summary>The compliance settings as the portal edits them: replies shown with their defaults, extra keywords comma-separated.</summary>
public sealed class ComplianceDraft
{
    public string OptOutReply { get; set; } = ComplianceKeywords.DefaultOptOutReply;
    public string OptInReply { get; set; } = ComplianceKeywords.DefaultOptInReply;
    public string HelpReply { get; set; } = ComplianceKeywords.DefaultHelpReply;
    public string ExtraOptOutKeywords { get; set; } = "";
    public string ExtraOptInKeywords { get; set; } = "";
    public string ExtraHelpKeywords { get; set; } = "";

    public static ComplianceDraft From(ComplianceSettings settings) => new()
    {
        OptOutReply = settings.OptOutReply ?? ComplianceKeywords.DefaultOptOutReply,
        OptInReply = settings.OptInReply ?? ComplianceKeywords.DefaultOptInReply,
        HelpReply = settings.HelpReply ?? ComplianceKeywords.DefaultHelpReply,
        ExtraOptOutKeywords = TextList.Format(settings.ExtraOptOutKeywords),
        ExtraOptInKeywords = TextList.Format(settings.ExtraOptInKeywords),
        ExtraHelpKeywords = TextList.Format(settings.ExtraHelpKeywords),
    };

    /// <summary>A reply left at its default is saved as "use the default", so a better default in a later version reaches it.</summary>
    public ComplianceSettings ToSettings() => new()
    {
        OptOutReply = Custom(OptOutReply, ComplianceKeywords.DefaultOptOutReply),
        OptInReply = Custom(OptInReply, ComplianceKeywords.DefaultOptInReply),
        HelpReply = Custom(HelpReply, ComplianceKeywords.DefaultHelpReply),
        ExtraOptOutKeywords = TextList.Parse(ExtraOptOutKeywords),
        ExtraOptInKeywords = TextList.Parse(ExtraOptInKeywords),
        ExtraHelpKeywords = TextList.Parse(ExtraHelpKeywords),
    };

    private static string? Custom(string reply, string defaultReply) => reply == defaultReply ? null : reply;
}
