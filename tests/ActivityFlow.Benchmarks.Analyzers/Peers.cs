using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>Peer packages, loaded on first use (a benchmark process loads only the one it measures).</summary>
internal static class Peers
{
    public static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> AsyncFixer = new(() => AnalyzerSets.Peer(AnalyzerSets.AsyncFixer));
    public static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> VsThreading = new(() => AnalyzerSets.Peer(AnalyzerSets.VsThreading));
    public static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> Meziantou = new(() => AnalyzerSets.Peer(AnalyzerSets.Meziantou));
}
