using System.Collections.Generic;
using System.Linq;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>What one real project measured: its size and every contender's medians.</summary>
internal sealed record WholeProjectResult(
    WholeProject Project, string? TargetFramework, int Files, int Generated, int Lines, IReadOnlyList<ContenderResult> Results)
{
    public ContenderResult this[string contender] => Results.Single(r => r.Contender.Name == contender);
}
