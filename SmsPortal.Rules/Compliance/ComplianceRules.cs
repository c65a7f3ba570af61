using SmsPortal.Rules.Actions;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Conditions;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;
using SmsPortal.Rules.Text;

namespace SmsPortal.Rules.Compliance;

/// <summary>Builds the three built-in compliance rules from the workspace's settings.</summary>
internal static class ComplianceRules
{
    public const string ErrorRuleId = "compliance";

    public static CompiledRule[] Build(ComplianceSettings? settings, ErrorSink errors)
    {
        settings ??= new ComplianceSettings();
        errors.RuleId = ErrorRuleId;
        errors.RuleName = "Compliance";

        // A keyword may belong to one kind only; the built-ins win, and extras may not collide with another kind.
        var kindByKeyword = new Dictionary<string, ComplianceKind>(StringComparer.Ordinal);
        foreach (var (kind, builtIns) in new[] { (ComplianceKind.OptOut, ComplianceKeywords.OptOut), (ComplianceKind.OptIn, ComplianceKeywords.OptIn), (ComplianceKind.Help, ComplianceKeywords.Help) })
        {
            foreach (var keyword in builtIns)
            {
                kindByKeyword[Normalize(keyword)] = kind;
            }
        }

        var optOutExtras = Extras(settings.ExtraOptOutKeywords, "compliance.extraOptOutKeywords", ComplianceKind.OptOut, kindByKeyword, errors);
        var optInExtras = Extras(settings.ExtraOptInKeywords, "compliance.extraOptInKeywords", ComplianceKind.OptIn, kindByKeyword, errors);
        var helpExtras = Extras(settings.ExtraHelpKeywords, "compliance.extraHelpKeywords", ComplianceKind.Help, kindByKeyword, errors);

        return
        [
            Rule(ComplianceKeywords.OptOutRuleId, "Opt-out (compliance)", ComplianceKind.OptOut, ComplianceKeywords.OptOut, optOutExtras,
                settings.OptOutReply ?? ComplianceKeywords.DefaultOptOutReply, "compliance.optOutReply", errors, new CompiledAction(ActionKind.OptOut)),
            Rule(ComplianceKeywords.OptInRuleId, "Opt-in (compliance)", ComplianceKind.OptIn, ComplianceKeywords.OptIn, optInExtras,
                settings.OptInReply ?? ComplianceKeywords.DefaultOptInReply, "compliance.optInReply", errors, new CompiledAction(ActionKind.OptIn)),
            Rule(ComplianceKeywords.HelpRuleId, "Help (compliance)", ComplianceKind.Help, ComplianceKeywords.Help, helpExtras,
                settings.HelpReply ?? ComplianceKeywords.DefaultHelpReply, "compliance.helpReply", errors, null),
        ];
    }

    private static string Normalize(string keyword) => NormalizedText.Normalize(keyword, foldAccents: true).Text;

    private static List<string> Extras(IReadOnlyList<string>? extras, string field, ComplianceKind kind, Dictionary<string, ComplianceKind> kindByKeyword, ErrorSink errors)
    {
        var result = new List<string>();
        if (extras is null)
        {
            return result;
        }

        for (var i = 0; i < extras.Count; i++)
        {
            var normalized = Normalize(extras[i] ?? string.Empty);
            if (normalized.Length == 0)
            {
                errors.Add($"{field}[{i}]", "the keyword is empty (after removing spaces and punctuation)");
            }
            else if (kindByKeyword.TryGetValue(normalized, out var existing) && existing != kind)
            {
                errors.Add($"{field}[{i}]", $"'{extras[i]}' is already a {existing} keyword");
            }
            else
            {
                kindByKeyword[normalized] = kind;
                result.Add(extras[i].Trim());
            }
        }

        return result;
    }

    private static CompiledRule Rule(string id, string name, ComplianceKind kind, IReadOnlyList<string> builtIns, List<string> extras, string reply, string replyField, ErrorSink errors, CompiledAction? first)
    {
        var keywords = builtIns.Concat(extras).Select(k => new Keyword(k)).ToArray();
        var matcher = ConditionCompiler.Keywords(keywords, "conditions[0]", ignoreAccents: true, singleWord: false, errors)!;
        var condition = new MessageIsNode("conditions[0]", matcher, ignoreAccents: true);
        var replyTemplate = ActionCompiler.Template(reply, replyField, required: true, errors);
        var actions = new List<CompiledAction>(2);
        if (first is not null)
        {
            actions.Add(first);
        }

        if (replyTemplate is not null)
        {
            actions.Add(new CompiledAction(ActionKind.Reply, replyTemplate));
        }

        return new CompiledRule(id, name, int.MaxValue, -1, kind, [condition], actions.ToArray(), stopsProcessing: true, oncePerContact: false, cooldown: null);
    }
}
