using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;

namespace SmsPortal.Benchmarks;

/// <summary>One message against N keyword rules: SmsPortal.Rules (indexed) vs Microsoft RulesEngine 6.0.1 (peer).</summary>
[MemoryDiagnoser]
public class KeywordRuleBenchmarks
{
    private CompiledRuleSet _ruleSet = null!;
    private RulesEngine.RulesEngine _peer = null!;
    private RuleFact _fact = null!;
    private string _message = null!;

    /// <summary>Number of keyword rules.</summary>
    [Params(10, 1_000, 10_000)]
    public int Rules { get; set; }

    /// <summary>Compiles both engines and warms RulesEngine's lazy workflow compilation.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _message = RuleSets.HitMessage(Rules);
        _fact = RuleSets.Fact(_message);
        _ruleSet = RuleCompiler.Compile(RuleSets.KeywordRules(Rules));
        _peer = new RulesEngine.RulesEngine([RuleSets.KeywordWorkflow(Rules)], new RulesEngine.Models.ReSettings());
        Verify.SameRulesFire(_ruleSet, _peer, _message);
    }

    /// <summary>SmsPortal.Rules: normalise, index lookup, evaluate candidates, render the reply.</summary>
    [Benchmark(Baseline = true)]
    public int SmsPortalRules() => _ruleSet.Evaluate(_fact).Activations.Count;

    /// <summary>RulesEngine: normalise, evaluate every rule's compiled lambda.</summary>
    [Benchmark]
    public async Task<int> RulesEngine()
    {
        var results = await _peer.ExecuteAllRulesAsync(RuleSets.WorkflowName, PeerInput.From(_message));
        return results.Count(r => r.IsSuccess);
    }
}

/// <summary>One message against 100 rules that cannot be indexed (50 regex, 50 contains-phrase).</summary>
[MemoryDiagnoser]
public class RegexAndPhraseRuleBenchmarks
{
    private const int Rules = 100;
    private CompiledRuleSet _ruleSet = null!;
    private RulesEngine.RulesEngine _peer = null!;
    private RuleFact _fact = null!;
    private string _message = null!;

    /// <summary>Compiles both engines.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _message = RuleSets.HitMessage(Rules) + " 42";
        _fact = RuleSets.Fact(_message);
        _ruleSet = RuleCompiler.Compile(RuleSets.RegexAndPhraseRules(Rules));
        _peer = new RulesEngine.RulesEngine(
            [RuleSets.RegexAndPhraseWorkflow(Rules)],
            new RulesEngine.Models.ReSettings { CustomTypes = [typeof(Regex), typeof(RegexOptions)] });
        Verify.SameRulesFire(_ruleSet, _peer, _message);
    }

    /// <summary>SmsPortal.Rules.</summary>
    [Benchmark(Baseline = true)]
    public int SmsPortalRules() => _ruleSet.Evaluate(_fact).Activations.Count;

    /// <summary>RulesEngine.</summary>
    [Benchmark]
    public async Task<int> RulesEngine()
    {
        var results = await _peer.ExecuteAllRulesAsync(RuleSets.WorkflowName, PeerInput.From(_message));
        return results.Count(r => r.IsSuccess);
    }
}

/// <summary>Compile time: validating, compiling and indexing N keyword rules.</summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private RuleDefinition[] _rules = null!;

    /// <summary>Number of keyword rules.</summary>
    [Params(10_000)]
    public int Rules { get; set; }

    /// <summary>Builds the rule definitions (not measured).</summary>
    [GlobalSetup]
    public void Setup() => _rules = RuleSets.KeywordRules(Rules);

    /// <summary>SmsPortal.Rules: validate + compile + build the keyword index.</summary>
    [Benchmark]
    public int SmsPortalRules_Compile() => RuleCompiler.Compile(_rules).RuleCount;
}
