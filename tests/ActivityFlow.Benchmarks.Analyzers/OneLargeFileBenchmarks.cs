using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// One source file of 1,000 or 10,000 lines (the same units as the many-file corpus): the ActivityFlow analyzers must
/// scale linearly with one file's size (a peer once went super-linear there).
/// </summary>
public class OneLargeFileBenchmarks : CorpusBenchmarks
{
    [Params(1_000, 10_000)]
    public int Lines { get; set; }

    private protected override SourceCorpus CreateCorpus(ImmutableHashSet<string> activityFlowIds) => SourceCorpus.OneFile(Lines, activityFlowIds);
}
