using System.Diagnostics;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Engine;

namespace SmsPortal.Benchmarks;

/// <summary>A quick look without BenchmarkDotNet (seconds, not minutes): compile time, time and bytes per message.</summary>
internal static class Smoke
{
    public static void Run()
    {
        foreach (var count in new[] { 10, 100, 1_000, 10_000 })
        {
            var definitions = RuleSets.KeywordRules(count);
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            var stopwatch = Stopwatch.StartNew();
            var set = RuleCompiler.Compile(definitions);
            var compile = stopwatch.Elapsed;
            var (hitNs, hitBytes) = Measure(set, RuleSets.Fact(RuleSets.HitMessage(count)));
            var (missNs, missBytes) = Measure(set, RuleSets.Fact(RuleSets.MissMessage));
            var retained = (GC.GetTotalMemory(forceFullCollection: true) - heap) / 1024 / 1024.0;
            Console.WriteLine($"{count,6} keyword rules ({set.PartitionCount,3} factories, {retained,5:F1} MB): compile {compile.TotalMilliseconds,7:F0} ms, " +
                $"hit {hitNs,6:F0} ns {hitBytes,6} B, miss {missNs,5:F0} ns {missBytes,5} B");
            GC.KeepAlive(set);
        }

        var regex = RuleCompiler.Compile(RuleSets.RegexAndPhraseRules(100));
        var (ns, bytes) = Measure(regex, RuleSets.Fact(RuleSets.HitMessage(100) + " 42"));
        Console.WriteLine($"   100 regex/phrase rules ({regex.PartitionCount} factories): {ns:F0} ns {bytes} B per message");
    }

    private static (double Nanoseconds, long Bytes) Measure(CompiledRuleSet set, RuleFact fact)
    {
        for (var i = 0; i < 20_000; i++)
        {
            set.Evaluate(fact);
        }

        const int iterations = 100_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            set.Evaluate(fact);
        }

        return (stopwatch.Elapsed.TotalNanoseconds / iterations, (GC.GetAllocatedBytesForCurrentThread() - before) / iterations);
    }
}
