using System.Diagnostics;
using BenchmarkDotNet.Running;
using SmsPortal.Benchmarks;
using SmsPortal.Rules.Compilation;

if (args is ["--smoke"])
{
    // Quick sanity check without BenchmarkDotNet: both engines agree, rough timings.
    foreach (var count in new[] { 10, 1_000, 10_000 })
    {
        var stopwatch = Stopwatch.StartNew();
        var set = RuleCompiler.Compile(RuleSets.KeywordRules(count));
        var compile = stopwatch.Elapsed;
        var fact = RuleSets.Fact(RuleSets.HitMessage(count));
        for (var i = 0; i < 100_000; i++)
        {
            set.Evaluate(fact);
        }

        stopwatch.Restart();
        const int iterations = 1_000_000;
        for (var i = 0; i < iterations; i++)
        {
            set.Evaluate(fact);
        }

        Console.WriteLine($"{count,6} keyword rules: compile {compile.TotalMilliseconds,8:F1} ms, evaluate {stopwatch.Elapsed.TotalNanoseconds / iterations,7:F0} ns/message");
    }

    foreach (var message in new[] { "hit", "miss" })
    {
        new KeywordRuleBenchmarks { Rules = 1_000, Message = message }.Setup();
    }

    var regex = new RegexAndPhraseRuleBenchmarks();
    regex.Setup();
    Console.WriteLine("Both engines agree on the benchmark messages.");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(KeywordRuleBenchmarks).Assembly).Run(args);
