using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.RealProjects;

/// <summary>
/// Compiles a loaded project (source generators included) and runs the given analyzers on it with the project's own
/// analyzer options, in one pass: the compiler's diagnostics come from the same binding the analyzers use.
/// </summary>
public static class AnalyzerRun
{
    public static async Task<AnalysisResult> RunAsync(LoadedProject loaded, ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var compilation = await loaded.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
                          ?? throw new InvalidOperationException($"{loaded.RelativePath}: no compilation");
        var failures = new ConcurrentBag<string>();
        var options = new CompilationWithAnalyzersOptions(
            loaded.Project.AnalyzerOptions,
            onAnalyzerException: (exception, analyzer, diagnostic) =>
                failures.Add($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message} at {diagnostic.Location.GetLineSpan()}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        var all = await withAnalyzers.GetAllDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        var analyzerIds = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
        var compileErrors = all.Where(d => d.Severity == DiagnosticSeverity.Error && !d.IsWarningAsError && !analyzerIds.Contains(d.Id) && d.Id != "AD0001").ToList();
        var analyzerDiagnostics = all.Where(d => analyzerIds.Contains(d.Id) || d.Id == "AD0001").ToList();
        foreach (var crash in analyzerDiagnostics.Where(d => d.Id == "AD0001"))
        {
            failures.Add(crash.GetMessage());
        }

        var generated = compilation.SyntaxTrees.Count() - loaded.Project.Documents.Count();
        return new AnalysisResult(loaded, compileErrors, analyzerDiagnostics, failures.Distinct().ToList(),
            loaded.Project.Documents.Count(), Math.Max(0, generated), stopwatch.Elapsed);
    }
}
