using System.Collections.Immutable;
using ActivityFlow.Benchmarks;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// One generated corpus analysed by: nothing (the compiler's own GetDiagnostics, the baseline), an empty analyzer (the
/// driver's cost), a binding-only analyzer (binding every body into operations, which any operation-based analyzer
/// pays once per build), and all ActivityFlow analyzers (their diagnostics asserted exactly). Each invocation uses a
/// fresh compilation over the same parsed trees, so nothing bound is reused from the previous one.
/// </summary>
[Config(typeof(AnalyzerBenchmarkConfig))]
public abstract class CorpusBenchmarks
{
    private ImmutableArray<DiagnosticAnalyzer> _empty;
    private ImmutableArray<DiagnosticAnalyzer> _bindingOnly;
    private ImmutableArray<DiagnosticAnalyzer> _activityFlow;

    private protected SourceCorpus Corpus { get; private set; } = null!;

    private protected abstract SourceCorpus CreateCorpus(ImmutableHashSet<string> activityFlowIds);

    [GlobalSetup]
    public void Setup()
    {
        Corpus = CreateCorpus(AnalyzerSets.ActivityFlowIds());
        _empty = AnalyzerSets.Empty();
        _bindingOnly = AnalyzerSets.BindingOnly();
        _activityFlow = AnalyzerSets.ActivityFlow();
        LoadAverage.Print("at start");
    }

    [GlobalCleanup]
    public void Cleanup() => LoadAverage.Print("at end");

    [Benchmark(Baseline = true, Description = "Compilation.GetDiagnostics")]
    public int CompilerDiagnostics()
    {
        var diagnostics = Corpus.NewCompilation().GetDiagnostics();
        Analysis.AssertCompiles(diagnostics);
        return diagnostics.Length;
    }

    [Benchmark(Description = "Empty analyzer")]
    public int EmptyAnalyzer() => Analysis.Run(Corpus.NewCompilation(), _empty).Length;

    [Benchmark(Description = "Binding-only analyzer")]
    public int BindingOnlyAnalyzer() => Analysis.Run(Corpus.NewCompilation(), _bindingOnly).Length;

    [Benchmark(Description = "ActivityFlow (all ACTX)")]
    public int ActivityFlow()
    {
        var diagnostics = Analysis.Run(Corpus.NewCompilation(), _activityFlow);
        Analysis.AssertExact(diagnostics, Corpus);
        return diagnostics.Length;
    }
}
