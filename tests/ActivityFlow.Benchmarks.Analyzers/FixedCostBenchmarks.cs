using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// What each analyzer set costs on a new compilation of one trivial file with the full reference set (the fixed cost an
/// IDE pays after every edit, and a build once per project). The set's fixed cost is its time minus the empty analyzer's.
/// </summary>
[Config(typeof(FixedCostBenchmarkConfig))]
public class FixedCostBenchmarks
{
    private ImmutableArray<DiagnosticAnalyzer> _empty;
    private ImmutableArray<DiagnosticAnalyzer> _activityFlow;

    [GlobalSetup]
    public void Setup()
    {
        _empty = AnalyzerSets.Empty();
        _activityFlow = AnalyzerSets.ActivityFlow();
        _ = CompileReferences.All;
        LoadAverage.Print("at start");
    }

    [GlobalCleanup]
    public void Cleanup() => LoadAverage.Print("at end");

    [Benchmark(Baseline = true, Description = "Empty analyzer")]
    public int EmptyAnalyzer() => Analysis.Run(SmallCompilations.NewTrivial(), _empty).Length;

    [Benchmark(Description = "ActivityFlow (all ACTX)")]
    public int ActivityFlow() => Analysis.Run(SmallCompilations.NewTrivial(), _activityFlow).Length;

    [Benchmark(Description = AnalyzerSets.AsyncFixer + " 2.1.0")]
    public int AsyncFixer() => Analysis.Run(SmallCompilations.NewTrivial(), Peers.AsyncFixer.Value).Length;

    [Benchmark(Description = "VS Threading 18.12.1")]
    public int VsThreading() => Analysis.Run(SmallCompilations.NewTrivial(), Peers.VsThreading.Value).Length;

    [Benchmark(Description = AnalyzerSets.Meziantou + " 3.0.321")]
    public int Meziantou() => Analysis.Run(SmallCompilations.NewTrivial(), Peers.Meziantou.Value).Length;
}
