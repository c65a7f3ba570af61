using SmsPortal.Rules.Engine;

namespace SmsPortal.Benchmarks;

/// <summary>Guards the comparison: both engines must fire the same rules for the benchmark message.</summary>
internal static class Verify
{
    public static void SameRulesFire(CompiledRuleSet ruleSet, RulesEngine.RulesEngine peer, string message, bool expectHit)
    {
        var ours = ruleSet.Evaluate(RuleSets.Fact(message)).Activations.Select(a => a.RuleId).Order().ToArray();
        var results = peer.ExecuteAllRulesAsync(RuleSets.WorkflowName, PeerInput.From(message)).GetAwaiter().GetResult();
        var errors = results.Where(r => !string.IsNullOrEmpty(r.ExceptionMessage)).Select(r => r.ExceptionMessage).Distinct().Take(3).ToArray();
        if (errors.Length > 0)
        {
            throw new InvalidOperationException("RulesEngine peer failed: " + string.Join("; ", errors));
        }

        var theirs = results.Where(r => r.IsSuccess).Select(r => r.Rule.RuleName).Order().ToArray();
        if (ours.Length == 0 == expectHit || !ours.SequenceEqual(theirs))
        {
            throw new InvalidOperationException($"Engines disagree on '{message}': ours [{string.Join(",", ours)}], RulesEngine [{string.Join(",", theirs)}]");
        }
    }

    public static void SameCount(CompiledRuleSet ruleSet, NaiveNRules naive, string message)
    {
        var ours = ruleSet.Evaluate(RuleSets.Fact(message)).Activations.Count;
        var theirs = naive.Evaluate(message);
        if (ours != theirs)
        {
            throw new InvalidOperationException($"Naive NRules fires {theirs} rules for '{message}', ours {ours}");
        }
    }
}
