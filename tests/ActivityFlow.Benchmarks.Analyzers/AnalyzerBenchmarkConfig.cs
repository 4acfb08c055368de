using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// One analysis takes from a hundred milliseconds to seconds: one invocation per iteration, one warm-up, five measured
/// iterations, allocations recorded. Medians are what the derived table uses (robust on a shared machine).
/// </summary>
public sealed class AnalyzerBenchmarkConfig : ManualConfig
{
    public AnalyzerBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithId("Analysis"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
