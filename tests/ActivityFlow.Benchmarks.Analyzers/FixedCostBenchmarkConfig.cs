using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>One small compilation takes about a millisecond: BenchmarkDotNet's default job (pilot, warm-up, adaptive iterations), allocations recorded.</summary>
public sealed class FixedCostBenchmarkConfig : ManualConfig
{
    public FixedCostBenchmarkConfig()
    {
        AddJob(Job.Default.WithId("SmallCompilation"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
