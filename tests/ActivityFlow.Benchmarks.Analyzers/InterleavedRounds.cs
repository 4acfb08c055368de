using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// Times every contender on fresh compilations of the same parsed code: one warm-up round, then
/// <c>repeats</c> rounds, each running every contender once in turn (so a change in machine load during the run falls
/// on all of them alike). Analysis runs on one thread (<c>concurrentAnalysis: false</c>) with telemetry on, as in
/// <c>check</c>.
/// </summary>
internal static class InterleavedRounds
{
    public static IReadOnlyList<ContenderResult> Measure(
        Func<Compilation> fresh, AnalyzerOptions options, IReadOnlyList<Contender> contenders, int repeats, Action<string> progress)
    {
        var samples = contenders.Select(_ => new List<Sample>()).ToArray();
        for (int round = 0; round <= repeats; round++)
        {
            for (int c = 0; c < contenders.Count; c++)
            {
                var sample = Run(fresh(), options, contenders[c]);
                if (round > 0)
                {
                    samples[c].Add(sample);
                }

                progress($"{(round == 0 ? "warm-up" : $"round {round}")}: {contenders[c].Name} {sample.CpuMs:F0} ms CPU, {sample.WallMs:F0} ms wall, {sample.CallbacksMs:F0} ms in callbacks");
            }
        }

        return contenders.Select((contender, c) =>
        {
            var runs = samples[c];
            var last = runs[^1];
            return new ContenderResult(contender, Medians.Of(runs.Select(s => s.CpuMs)), Medians.Of(runs.Select(s => s.WallMs)),
                Medians.Of(runs.Select(s => s.CallbacksMs)), last.ByAnalyzer, last.Diagnostics, last.CompileErrors, last.Failures);
        }).ToList();
    }

    private static Sample Run(Compilation compilation, AnalyzerOptions options, Contender contender)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var cpuStart = Medians.ProcessCpuMs();
        var stopwatch = Stopwatch.StartNew();
        if (contender.IsCompiler)
        {
            var diagnostics = compilation.GetDiagnostics();
            stopwatch.Stop();
            var cpu = Medians.ProcessCpuMs() - cpuStart;
            var errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error && !d.IsWarningAsError);
            return new Sample(cpu, stopwatch.Elapsed.TotalMilliseconds, 0, new Dictionary<string, double>(), diagnostics.Length, errors, []);
        }

        var withAnalyzers = compilation.WithAnalyzers(contender.Analyzers, new CompilationWithAnalyzersOptions(
            options, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false));
        var found = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        stopwatch.Stop();
        var cpuMs = Medians.ProcessCpuMs() - cpuStart;
        var byAnalyzer = new Dictionary<string, double>();
        foreach (var analyzer in contender.Analyzers)
        {
            var name = analyzer.GetType().Name;
            var ms = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;
            byAnalyzer[name] = byAnalyzer.GetValueOrDefault(name) + ms;
        }

        var crashes = found.Where(d => d.Id == "AD0001").ToList();
        var failures = crashes.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        return new Sample(cpuMs, stopwatch.Elapsed.TotalMilliseconds, byAnalyzer.Values.Sum(), byAnalyzer, found.Length - crashes.Count, 0, failures);
    }

    private sealed record Sample(
        double CpuMs, double WallMs, double CallbacksMs, IReadOnlyDictionary<string, double> ByAnalyzer, int Diagnostics, int CompileErrors, IReadOnlyList<string> Failures);
}
