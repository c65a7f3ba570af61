using Microsoft.AspNetCore.Components;
using SmsPortal.RuleSets;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Compliance;

namespace SmsPortal.RuleSets.Pages;

/// <summary>The compliance keywords (built-in, read-only) and the workspace's replies and extra keywords.</summary>
public sealed partial class ComplianceEditor
{
    private RuleFieldErrors _errors = RuleFieldErrors.None;
    private bool _saving;

    [Parameter, EditorRequired] public ComplianceDraft Draft { get; set; } = default!;
    [Parameter] public bool ReadOnly { get; set; }

    /// <summary>Stores the settings; returns the validation errors that prevented it (empty when saved).</summary>
    [Parameter] public Func<ComplianceSettings, Task<IReadOnlyList<RuleValidationError>>>? Save { get; set; }

    private IEnumerable<Section> Sections =>
    [
        new("Opt-out", ComplianceKeywords.OptOut, "Extra opt-out keywords", "compliance.extraOptOutKeywords", () => Draft.ExtraOptOutKeywords, v => Draft.ExtraOptOutKeywords = v,
            "Opt-out reply", "compliance.optOutReply", () => Draft.OptOutReply, v => Draft.OptOutReply = v),
        new("Opt-in", ComplianceKeywords.OptIn, "Extra opt-in keywords", "compliance.extraOptInKeywords", () => Draft.ExtraOptInKeywords, v => Draft.ExtraOptInKeywords = v,
            "Opt-in reply", "compliance.optInReply", () => Draft.OptInReply, v => Draft.OptInReply = v),
        new("Help", ComplianceKeywords.Help, "Extra help keywords", "compliance.extraHelpKeywords", () => Draft.ExtraHelpKeywords, v => Draft.ExtraHelpKeywords = v,
            "Help reply", "compliance.helpReply", () => Draft.HelpReply, v => Draft.HelpReply = v),
    ];

    private async Task SaveAsync()
    {
        if (Save is null)
        {
            return;
        }
        _saving = true;
        try
        {
            _errors = new RuleFieldErrors(await Save(Draft.ToSettings()));
        }
        finally
        {
            _saving = false;
        }
    }

    private sealed record Section(
        string Title, IReadOnlyList<string> BuiltIn,
        string ExtrasLabel, string ExtrasField, Func<string> GetExtras, Action<string> SetExtras,
        string ReplyLabel, string ReplyField, Func<string> GetReply, Action<string> SetReply);
}
