using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>One thing timed in a round: the compiler's own <c>GetDiagnostics</c> (no analyzers) or an analyzer set.</summary>
internal sealed record Contender(string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers)
{
    public bool IsCompiler => Analyzers.IsDefaultOrEmpty;

    public static Contender Compiler { get; } = new("GetDiagnostics", default);
}

/// <summary>
/// A contender's medians over the measured rounds: process CPU and wall time of the whole run, and the time Roslyn
/// logged inside the set's callbacks (its analyzer telemetry, what <c>-p:ReportAnalyzer=true</c> prints; wall time,
/// so it grows with machine load). <paramref name="ByAnalyzer"/> is the telemetry of the last round, per analyzer.
/// </summary>
internal sealed record ContenderResult(
    Contender Contender,
    double CpuMs,
    double WallMs,
    double CallbacksMs,
    IReadOnlyDictionary<string, double> ByAnalyzer,
    int Diagnostics,
    int CompileErrors,
    IReadOnlyList<string> AnalyzerFailures);
