using SmsPortal.Rules.Authoring;
using SmsPortal.RuleSets.Versions;

namespace SmsPortal.RuleSets;

/// <summary>The authoring warnings of a workspace's draft, for the rules list, the rule editor and the publish summary.</summary>
public sealed class RuleSetWarnings(RuleSetVersions versions)
{
    public async Task<IReadOnlyList<AuthoringWarning>> DraftAsync(Guid workspaceId, CancellationToken cancellationToken = default) =>
        RuleSetAnalyzer.Analyze(await versions.DocumentAsync(workspaceId, null, cancellationToken));

    /// <summary>The warnings that concern one rule (as warned about, or as the other rule involved).</summary>
    public static IReadOnlyList<AuthoringWarning> For(IReadOnlyList<AuthoringWarning> warnings, string ruleId) =>
        warnings.Where(w => w.RuleIds.Contains(ruleId)).ToList();
}
