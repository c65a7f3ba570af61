using BenchmarkDotNet.Running;
using SmsPortal.Benchmarks;

if (args is ["--smoke"])
{
    Smoke.Run();
    foreach (var message in new[] { "hit", "miss" })
    {
        var keywords = new KeywordRuleBenchmarks { Rules = 1_000, Message = message };
        keywords.SetupNaive();
        keywords.SetupPeer();
    }

    new RegexAndPhraseRuleBenchmarks().Setup();
    Console.WriteLine("The three engines agree on the benchmark messages.");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(KeywordRuleBenchmarks).Assembly).Run(args);
