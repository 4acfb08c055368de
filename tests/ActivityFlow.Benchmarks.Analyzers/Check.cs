using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// A quick single pass (not a benchmark): builds the corpus, checks it compiles and that the ActivityFlow diagnostics are
/// exactly the planted ones, and prints each analyzer set's execution time as Roslyn's own telemetry reports it.
/// </summary>
internal static class Check
{
    public static int Run(string[] args)
    {
        int files = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 250;
        var ids = AnalyzerSets.ActivityFlowIds();
        var corpus = files < 0 ? SourceCorpus.OneFile(-files, ids) : SourceCorpus.Files(files, ids);
        Console.WriteLine($"{corpus.Trees.Length} trees, {corpus.Lines:N0} lines, {corpus.PatternUnits} pattern units, planted: {string.Join(" ", corpus.PlantedRules)}");

        var stopwatch = Stopwatch.StartNew();
        var compilerDiagnostics = corpus.NewCompilation().GetDiagnostics();
        Console.WriteLine($"GetDiagnostics: {stopwatch.ElapsedMilliseconds} ms, {compilerDiagnostics.Length} diagnostics");
        Analysis.AssertCompiles(compilerDiagnostics);

        Measure("ActivityFlow", AnalyzerSets.ActivityFlow(), corpus, assert: true);
        Measure(AnalyzerSets.AsyncFixer, Peers.AsyncFixer.Value, corpus, assert: false);
        Measure(AnalyzerSets.VsThreading, Peers.VsThreading.Value, corpus, assert: false);
        Measure(AnalyzerSets.Meziantou, Peers.Meziantou.Value, corpus, assert: false);
        Console.WriteLine($"OK: exactly {corpus.ExpectedTotal} ActivityFlow diagnostics ({corpus.PatternUnits} per planted rule).");
        return 0;
    }

    private static void Measure(string name, ImmutableArray<DiagnosticAnalyzer> analyzers, SourceCorpus corpus, bool assert)
    {
        var stopwatch = Stopwatch.StartNew();
        var withAnalyzers = Analysis.With(corpus.NewCompilation(), analyzers, logTime: true);
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        long wall = stopwatch.ElapsedMilliseconds;
        var own = analyzers.Select(a => withAnalyzers.GetAnalyzerTelemetryInfoAsync(a, default).GetAwaiter().GetResult().ExecutionTime)
            .Aggregate(TimeSpan.Zero, (sum, t) => sum + t);
        var byId = diagnostics.GroupBy(d => d.Id).OrderByDescending(g => g.Count()).Take(8).Select(g => $"{g.Key}×{g.Count()}");
        Console.WriteLine($"{name}: {analyzers.Length} analyzers, wall {wall} ms, analyzer execution time {own.TotalMilliseconds:F0} ms, {diagnostics.Length} diagnostics ({string.Join(", ", byId)})");
        if (assert)
        {
            Analysis.AssertExact(diagnostics, corpus);
        }
    }
}
