using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>One controller action of 200 or 2,000 lines (<see cref="LargeMethod"/>): the cost must grow linearly with the method.</summary>
public class OneLargeMethodBenchmarks : CorpusBenchmarks
{
    [Params(200, 2_000)]
    public int Lines { get; set; }

    private protected override SourceCorpus CreateCorpus(ImmutableHashSet<string> activityFlowIds) => SourceCorpus.OneMethod(Lines);
}
