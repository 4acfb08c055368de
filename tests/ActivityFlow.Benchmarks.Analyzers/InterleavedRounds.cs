using System;
using System.Collections.Generic;
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

                progress($"{(round == 0 ? "warm-up" : $"round {round}")}: {contenders[c].Name} {sample.Spent}, {sample.CallbacksMs:F0} ms in callbacks");
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
        if (contender.IsCompiler)
        {
            var compileClock = RunClock.Start();
            var diagnostics = compilation.GetDiagnostics();
            var compiled = compileClock.Stop();
            var errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error && !d.IsWarningAsError);
            return new Sample(compiled, 0, new Dictionary<string, double>(), diagnostics.Length, errors, []);
        }

        var withAnalyzers = compilation.WithAnalyzers(contender.Analyzers, new CompilationWithAnalyzersOptions(
            options, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false));
        var clock = RunClock.Start();
        var found = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var spent = clock.Stop();
        var byAnalyzer = new Dictionary<string, double>();
        foreach (var analyzer in contender.Analyzers)
        {
            var name = analyzer.GetType().Name;
            var ms = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;
            byAnalyzer[name] = byAnalyzer.GetValueOrDefault(name) + ms;
        }

        var crashes = found.Where(d => d.Id == "AD0001").ToList();
        var failures = crashes.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        return new Sample(spent, byAnalyzer.Values.Sum(), byAnalyzer, found.Length - crashes.Count, 0, failures);
    }

    private sealed record Sample(
        Spent Spent, double CallbacksMs, IReadOnlyDictionary<string, double> ByAnalyzer, int Diagnostics, int CompileErrors, IReadOnlyList<string> Failures)
    {
        public double CpuMs => Spent.CpuMs;

        public double WallMs => Spent.WallMs;
    }
}
