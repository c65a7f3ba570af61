using SmsPortal.Rules.Compliance;
using SmsPortal.Rules.Model;

namespace SmsPortal.Rules.Authoring;

/// <summary>
/// Looks over a rule set for mistakes an author would want to hear about before publishing: rules that can never
/// fire, keywords answered two ways, rules on compliance keywords, costly replies, template slips and business hours
/// that are never open. Warnings never block: the set is still valid.
/// </summary>
public static class RuleSetAnalyzer
{
    /// <summary>Analyses a rule set document (it need not have been validated; parts it cannot read are skipped).</summary>
    /// <param name="document">The rules and compliance settings.</param>
    /// <param name="options">Thresholds; null for the defaults.</param>
    /// <returns>The warnings, in the rules' firing order.</returns>
    public static IReadOnlyList<AuthoringWarning> Analyze(RuleSetDocument document, AuthoringOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        options ??= new AuthoringOptions();
        var agenda = document.Rules.Select((rule, position) => (rule, position)).Where(r => r.rule.Enabled)
            .OrderByDescending(r => r.rule.Priority).ThenBy(r => r.position).Select(r => r.rule).ToList();
        var warnings = new List<AuthoringWarning>();
        var compliance = ComplianceWords(document.Compliance);
        for (var i = 0; i < agenda.Count; i++)
        {
            var rule = agenda[i];
            if (Shadowing(agenda, i) is { } shadow)
            {
                warnings.Add(new AuthoringWarning(WarningKind.Shadowed, [rule.Id, shadow.Id],
                    $"'{rule.Name}' can never fire: '{shadow.Name}' comes first, matches every message '{rule.Name}' matches, and stops processing."));
            }
            warnings.AddRange(ConditionChecks.Contradictions(rule));
            warnings.AddRange(ConditionChecks.UnreachableRegex(rule));
            warnings.AddRange(BusinessWeek.Check(rule));
            warnings.AddRange(ComplianceKeyword(rule, compliance));
            warnings.AddRange(ReplyChecks.Check(rule, options));
            for (var j = i + 1; j < agenda.Count; j++)
            {
                if (Ambiguous(rule, agenda[j]) is { } keyword)
                {
                    warnings.Add(new AuthoringWarning(WarningKind.AmbiguousKeyword, [rule.Id, agenda[j].Id],
                        $"'{rule.Name}' and '{agenda[j].Name}' both answer '{keyword}' with different replies and have the same priority ({rule.Priority}): only their place in the list decides which answers. Give one a higher priority."));
                }
            }
        }
        return warnings;
    }

    private static RuleDefinition? Shadowing(List<RuleDefinition> agenda, int index)
    {
        var rule = agenda[index];
        for (var earlier = 0; earlier < index; earlier++)
        {
            var candidate = agenda[earlier];
            var stops = candidate.Options.StopProcessing || candidate.Actions.Any(a => a is StopAction);
            var always = !candidate.Options.OncePerContact && candidate.Options.Cooldown is null;
            if (stops && always && candidate.Conditions.All(c => ConditionCover.Covers(rule.Conditions, c)))
            {
                return candidate;
            }
        }
        return null;
    }

    private static string? Ambiguous(RuleDefinition a, RuleDefinition b)
    {
        if (a.Priority != b.Priority)
        {
            return null;
        }
        var (repliesA, repliesB) = (Replies(a), Replies(b));
        if (repliesA.Count == 0 || repliesB.Count == 0 || repliesA.SetEquals(repliesB))
        {
            return null;
        }
        var keywordsB = KeywordSets.Authored(b).Select(k => k.Normalized).ToHashSet();
        return KeywordSets.Authored(a).Where(k => keywordsB.Contains(k.Normalized)).Select(k => k.Authored).FirstOrDefault();
    }

    private static HashSet<string> Replies(RuleDefinition rule) => rule.Actions.OfType<ReplyAction>().Select(r => r.Template.Trim()).ToHashSet();

    private static IEnumerable<AuthoringWarning> ComplianceKeyword(RuleDefinition rule, Dictionary<string, string> compliance)
    {
        foreach (var (normalized, authored) in KeywordSets.Authored(rule).DistinctBy(k => k.Normalized))
        {
            if (compliance.TryGetValue(normalized, out var kind))
            {
                yield return new AuthoringWarning(WarningKind.ComplianceKeyword, [rule.Id],
                    $"'{rule.Name}' uses '{authored}', a compliance ({kind}) keyword: a message that is only '{authored}' is answered by the built-in {kind} rule, which stops processing, so '{rule.Name}' never answers it.");
            }
        }
    }

    private static Dictionary<string, string> ComplianceWords(ComplianceSettings? settings)
    {
        settings ??= new ComplianceSettings();
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (kind, list) in new[]
        {
            ("opt-out", ComplianceKeywords.OptOut.Concat(settings.ExtraOptOutKeywords ?? [])),
            ("opt-in", ComplianceKeywords.OptIn.Concat(settings.ExtraOptInKeywords ?? [])),
            ("help", ComplianceKeywords.Help.Concat(settings.ExtraHelpKeywords ?? [])),
        })
        {
            foreach (var word in list)
            {
                words.TryAdd(KeywordSets.Normalize(word ?? ""), kind);
            }
        }
        words.Remove("");
        return words;
    }
}
