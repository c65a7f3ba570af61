using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;

namespace SmsPortal.Benchmarks;

/// <summary>
/// One message against N keyword rules, side by side: SmsPortal.Rules (NRules behind the keyword index), the naive
/// NRules rule set, and Microsoft RulesEngine 6.0.1. Each engine normalises the message inside the measurement.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class KeywordRuleBenchmarks
{
    private CompiledRuleSet _ruleSet = null!;
    private NaiveNRules _naive = null!;
    private RulesEngine.RulesEngine _peer = null!;
    private RuleFact _fact = null!;
    private string _message = null!;

    /// <summary>Number of keyword rules.</summary>
    [Params(10, 100, 1_000, 10_000)]
    public int Rules { get; set; }

    /// <summary>"hit": the message fires one rule (reply rendered); "miss": it fires none.</summary>
    [Params("hit", "miss")]
    public string Message { get; set; } = "hit";

    /// <summary>Compiles the product's rule set.</summary>
    [GlobalSetup(Target = nameof(SmsPortalRules))]
    public void SetupOurs()
    {
        Pick();
        _ruleSet = RuleCompiler.Compile(RuleSets.KeywordRules(Rules));
    }

    /// <summary>Compiles the naive NRules rule set and checks it fires what ours fires.</summary>
    [GlobalSetup(Target = nameof(NaiveNRules))]
    public void SetupNaive()
    {
        SetupOurs();
        _naive = Benchmarks.NaiveNRules.Keywords(Rules);
        Verify.SameCount(_ruleSet, _naive, _message);
    }

    /// <summary>Compiles RulesEngine (and warms its lazy workflow compilation) and checks it fires what ours fires.</summary>
    [GlobalSetup(Target = nameof(RulesEngine))]
    public void SetupPeer()
    {
        SetupOurs();
        _peer = new RulesEngine.RulesEngine([RuleSets.KeywordWorkflow(Rules)], new RulesEngine.Models.ReSettings());
        Verify.SameRulesFire(_ruleSet, _peer, _message, expectHit: Message == "hit");
    }

    /// <summary>SmsPortal.Rules: normalise, index lookup, run the candidates' NRules partition, render the reply.</summary>
    [Benchmark(Baseline = true)]
    public int SmsPortalRules() => _ruleSet.Evaluate(_fact).Activations.Count;

    /// <summary>Naive NRules: a session per message, every rule's condition evaluated.</summary>
    [Benchmark]
    public int NaiveNRules() => _naive.Evaluate(_message);

    /// <summary>RulesEngine: normalise, evaluate every rule's compiled lambda.</summary>
    [Benchmark]
    public async Task<int> RulesEngine()
    {
        var results = await _peer.ExecuteAllRulesAsync(RuleSets.WorkflowName, PeerInput.From(_message));
        return results.Count(r => r.IsSuccess);
    }

    private void Pick()
    {
        _message = Message == "hit" ? RuleSets.HitMessage(Rules) : RuleSets.MissMessage;
        _fact = RuleSets.Fact(_message);
    }
}

/// <summary>One message against 100 rules that cannot be indexed (50 regex, 50 contains-phrase).</summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class RegexAndPhraseRuleBenchmarks
{
    private const int Rules = 100;
    private CompiledRuleSet _ruleSet = null!;
    private NaiveNRules _naive = null!;
    private RulesEngine.RulesEngine _peer = null!;
    private RuleFact _fact = null!;
    private string _message = null!;

    /// <summary>Compiles the three engines and checks they agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _message = RuleSets.HitMessage(Rules) + " 42";
        _fact = RuleSets.Fact(_message);
        _ruleSet = RuleCompiler.Compile(RuleSets.RegexAndPhraseRules(Rules));
        _naive = Benchmarks.NaiveNRules.RegexAndPhrase(Rules);
        _peer = new RulesEngine.RulesEngine(
            [RuleSets.RegexAndPhraseWorkflow(Rules)],
            new RulesEngine.Models.ReSettings { CustomTypes = [typeof(Regex), typeof(RegexOptions)] });
        Verify.SameRulesFire(_ruleSet, _peer, _message, expectHit: true);
        Verify.SameCount(_ruleSet, _naive, _message);
    }

    /// <summary>SmsPortal.Rules.</summary>
    [Benchmark(Baseline = true)]
    public int SmsPortalRules() => _ruleSet.Evaluate(_fact).Activations.Count;

    /// <summary>Naive NRules.</summary>
    [Benchmark]
    public int NaiveNRules() => _naive.Evaluate(_message);

    /// <summary>RulesEngine.</summary>
    [Benchmark]
    public async Task<int> RulesEngine()
    {
        var results = await _peer.ExecuteAllRulesAsync(RuleSets.WorkflowName, PeerInput.From(_message));
        return results.Count(r => r.IsSuccess);
    }
}

/// <summary>
/// Compile time of N keyword rules. Each iteration is one cold compile (RunStrategy.Monitoring: no pilot, one call per
/// iteration), because the peers take seconds per call at this size.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private RuleDefinition[] _rules = null!;
    private RulesEngine.Models.Workflow _workflow = null!;

    /// <summary>Number of keyword rules.</summary>
    [Params(1_000, 10_000)]
    public int Rules { get; set; }

    /// <summary>Builds the rule definitions (not measured).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _rules = RuleSets.KeywordRules(Rules);
        _workflow = RuleSets.KeywordWorkflow(Rules);
    }

    /// <summary>SmsPortal.Rules: validate, build the keyword index and partitions, compile every NRules session factory.</summary>
    [Benchmark(Baseline = true)]
    public int SmsPortalRules_Compile() => RuleCompiler.Compile(_rules).RuleCount;

    /// <summary>Naive NRules: one factory with every rule (FastExpressionCompiler too).</summary>
    [Benchmark]
    public int NaiveNRules_Compile() => Benchmarks.NaiveNRules.CompileKeywords(Rules);

    /// <summary>RulesEngine compiles a workflow lazily on first execution: construct + first run of one message.</summary>
    [Benchmark]
    public async Task<int> RulesEngine_CompileAndFirstRun()
    {
        var engine = new RulesEngine.RulesEngine([_workflow], new RulesEngine.Models.ReSettings());
        var results = await engine.ExecuteAllRulesAsync(RuleSets.WorkflowName, PeerInput.From(RuleSets.MissMessage));
        return results.Count;
    }
}

/// <summary>
/// Where the time of one message goes (the "hit" message of <see cref="KeywordRuleBenchmarks"/>): normalising the
/// text, the keyword index, and everything (the NRules sessions and the rendered reply are the difference).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
[MemoryDiagnoser]
public class StageBenchmarks
{
    private CompiledRuleSet _ruleSet = null!;
    private RuleFact _fact = null!;
    private EvaluationContext _context = null!;

    /// <summary>Number of keyword rules.</summary>
    [Params(10, 100)]
    public int Rules { get; set; }

    /// <summary>Compiles the rule set; the context of the last stage is normalised once, outside the measurement.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _ruleSet = RuleCompiler.Compile(RuleSets.KeywordRules(Rules));
        _fact = RuleSets.Fact(RuleSets.HitMessage(Rules));
        _context = new EvaluationContext(_fact);
    }

    /// <summary>The per-message context: the text normalised once for every condition.</summary>
    [Benchmark]
    public int Normalize() => new EvaluationContext(_fact).Plain.TokenCount;

    /// <summary>The keyword index: first word, whole message and every word looked up once.</summary>
    [Benchmark]
    public int IndexLookup()
    {
        var buffer = new PositionBuffer(stackalloc int[32]);
        _ruleSet.Network.Index.CollectCandidates(_context, ref buffer);
        var count = buffer.Count;
        buffer.Dispose();
        return count;
    }

    /// <summary>The whole evaluation: normalise, index, the candidates' NRules partitions, the rendered reply.</summary>
    [Benchmark(Baseline = true)]
    public int Evaluate() => _ruleSet.Evaluate(_fact).Activations.Count;
}
