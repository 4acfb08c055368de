using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>A generated service of N files, also analysed by each peer package users already run.</summary>
public class ManyFilesBenchmarks : CorpusBenchmarks
{
    [Params(250, 1000, 4000)]
    public int Files { get; set; }

    private protected override SourceCorpus CreateCorpus(ImmutableHashSet<string> activityFlowIds) => SourceCorpus.Files(Files, activityFlowIds);

    [Benchmark(Description = AnalyzerSets.AsyncFixer + " 2.1.0")]
    public int AsyncFixer() => Analysis.Run(Corpus.NewCompilation(), Peers.AsyncFixer.Value).Length;

    [Benchmark(Description = "VS Threading 18.12.1")]
    public int VsThreading() => Analysis.Run(Corpus.NewCompilation(), Peers.VsThreading.Value).Length;

    [Benchmark(Description = AnalyzerSets.Meziantou + " 3.0.321")]
    public int Meziantou() => Analysis.Run(Corpus.NewCompilation(), Peers.Meziantou.Value).Length;
}
