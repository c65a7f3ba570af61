using BenchmarkDotNet.Attributes;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Engine;

namespace SmsPortal.Benchmarks;

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
