using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>Runs a set of analyzers over a fresh compilation of the corpus, on one thread, the way a build does.</summary>
internal static class Analysis
{
    private static readonly AnalyzerOptions NoOptions = new(ImmutableArray<AdditionalText>.Empty);

    public static ImmutableArray<Diagnostic> Run(CSharpCompilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, bool logTime = false) =>
        With(compilation, analyzers, logTime).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

    public static CompilationWithAnalyzers With(CSharpCompilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, bool logTime) =>
        compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            NoOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: logTime, reportSuppressedDiagnostics: false));

    /// <summary>Throws unless the compiler reports no errors: the corpus must be code that builds.</summary>
    public static void AssertCompiles(ImmutableArray<Diagnostic> compilerDiagnostics)
    {
        var errors = compilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0)
        {
            throw new InvalidOperationException($"The generated corpus does not compile ({errors.Length} errors), e.g.:\n"
                + string.Join("\n", errors.Take(10).Select(e => e.ToString())));
        }
    }

    /// <summary>Throws unless the ActivityFlow diagnostics are exactly the planted ones, rule by rule (and no analyzer failed).</summary>
    public static void AssertExact(ImmutableArray<Diagnostic> diagnostics, SourceCorpus corpus)
    {
        var failures = diagnostics.Where(d => d.Id == "AD0001").ToArray();
        var actual = diagnostics.Where(d => d.Id.StartsWith("ACTX", StringComparison.Ordinal))
            .GroupBy(d => d.Id).ToImmutableDictionary(g => g.Key, g => g.Count());
        var expected = corpus.Expected;
        var wrong = expected.Keys.Union(actual.Keys)
            .Where(id => expected.GetValueOrDefault(id) != actual.GetValueOrDefault(id))
            .OrderBy(id => id, StringComparer.Ordinal)
            .ToArray();
        if (failures.Length > 0 || wrong.Length > 0)
        {
            var unexpected = diagnostics.Where(d => wrong.Contains(d.Id)).Take(10).Select(d => d.ToString());
            throw new InvalidOperationException(
                "ActivityFlow diagnostics differ from the planted patterns: "
                + string.Join(", ", wrong.Select(id => $"{id} expected {expected.GetValueOrDefault(id)}, got {actual.GetValueOrDefault(id)}"))
                + string.Concat(failures.Take(5).Select(f => "\n" + f))
                + "\n" + string.Join("\n", unexpected));
        }
    }
}
