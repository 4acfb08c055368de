using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Sdk;

namespace ActivityFlow.Analyzers.Tests.Verification;

/// <summary>Runs analyzers the way the compiler host does, and fails on any analyzer exception (AD0001).</summary>
internal static class Analysis
{
    public static async Task<ImmutableArray<Diagnostic>> RunAsync(Project project, ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken)
    {
        var compilation = (await project.GetCompilationAsync(cancellationToken))!;
        var exceptions = new ConcurrentBag<string>();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            onAnalyzerException: (exception, analyzer, diagnostic) => exceptions.Add($"{analyzer.GetType().Name}: {exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken);

        var failures = exceptions.Concat(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString())).ToList();
        if (failures.Count > 0)
        {
            throw new XunitException("Analyzer threw:\n" + string.Join("\n", failures));
        }

        return diagnostics.Where(d => d.Id.StartsWith("ACTX", StringComparison.Ordinal)).ToImmutableArray();
    }
}
