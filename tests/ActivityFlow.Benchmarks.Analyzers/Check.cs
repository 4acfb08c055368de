using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using ActivityFlow.Benchmarks;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// <c>check [files | -lines | mLINES] [repeats]</c>, not a BenchmarkDotNet run: builds one corpus, checks it compiles and that
/// the ActivityFlow diagnostics are exactly the planted ones, then times each analyzer set by process CPU time as well
/// as wall time (medians of the repeats after one warm-up). CPU time is what the work costs even when other processes
/// share the machine; Roslyn's own telemetry (what <c>-p:ReportAnalyzer=true</c> prints) is shown too.
/// </summary>
internal static class Check
{
    public static int Run(string[] args)
    {
        var oneMethod = args.Length > 0 && args[0].StartsWith("m", StringComparison.Ordinal);
        int size = args.Length == 0 ? 250 : int.Parse(oneMethod ? args[0].Substring(1) : args[0], CultureInfo.InvariantCulture);
        int repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        var ids = AnalyzerSets.ActivityFlowIds();
        var corpus = oneMethod ? SourceCorpus.OneMethod(size) : size < 0 ? SourceCorpus.OneFile(-size, ids) : SourceCorpus.Files(size, ids);
        Console.WriteLine($"{corpus.Trees.Length} trees, {corpus.Lines:N0} lines, {corpus.PatternUnits} pattern units, planted: {string.Join(" ", corpus.PlantedRules)}");
        LoadAverage.Print("at start");

        var compiler = Time(repeats, () =>
        {
            var diagnostics = corpus.NewCompilation().GetDiagnostics();
            Analysis.AssertCompiles(diagnostics);
            return TimeSpan.Zero;
        });
        var binding = Measure("binding-only analyzer", AnalyzerSets.BindingOnly(), corpus, repeats, assert: false);
        var sets = new List<(string Name, (double Cpu, double Wall, double Telemetry) Time)>
        {
            ("ActivityFlow", Measure("ActivityFlow", AnalyzerSets.ActivityFlow(), corpus, repeats, assert: true)),
            (AnalyzerSets.AsyncFixer, Measure(AnalyzerSets.AsyncFixer, Peers.AsyncFixer.Value, corpus, repeats, assert: false)),
            (AnalyzerSets.VsThreading, Measure(AnalyzerSets.VsThreading, Peers.VsThreading.Value, corpus, repeats, assert: false)),
            (AnalyzerSets.Meziantou, Measure(AnalyzerSets.Meziantou, Peers.Meziantou.Value, corpus, repeats, assert: false)),
        };
        LoadAverage.Print("at end");

        Console.WriteLine();
        Console.WriteLine($"| size | set | CPU ms | wall ms | own CPU ms (minus binding-only) | own CPU / GetDiagnostics CPU | Roslyn telemetry ms |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
        string sizeText = oneMethod ? $"one method, {corpus.Lines:N0} lines" : size < 0 ? $"{corpus.Lines:N0} lines" : $"{size:N0} files";
        Console.WriteLine(Row(sizeText, "Compilation.GetDiagnostics", compiler.Cpu, compiler.Wall, "", "", ""));
        Console.WriteLine(Row(sizeText, "binding-only analyzer", binding.Cpu, binding.Wall, "", "", ""));
        foreach (var (name, time) in sets)
        {
            double own = time.Cpu - binding.Cpu;
            Console.WriteLine(Row(sizeText, name, time.Cpu, time.Wall, F(own), (own / compiler.Cpu).ToString("P1", CultureInfo.InvariantCulture), F(time.Telemetry)));
        }

        Console.WriteLine($"OK: exactly {corpus.ExpectedTotal} ActivityFlow diagnostics ({corpus.PatternUnits} per planted rule).");
        return 0;
    }

    private static (double Cpu, double Wall, double Telemetry) Measure(
        string name, ImmutableArray<DiagnosticAnalyzer> analyzers, SourceCorpus corpus, int repeats, bool assert)
    {
        int count = 0;
        Dictionary<string, double>? perAnalyzer = null;
        var time = Time(repeats, () =>
        {
            var withAnalyzers = Analysis.With(corpus.NewCompilation(), analyzers, logTime: true);
            var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            if (assert)
            {
                Analysis.AssertExact(diagnostics, corpus);
            }

            count = diagnostics.Length;
            if (assert)
            {
                perAnalyzer = analyzers.ToDictionary(
                    a => a.GetType().Name,
                    a => withAnalyzers.GetAnalyzerTelemetryInfoAsync(a, default).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds);
            }

            return analyzers.Select(a => withAnalyzers.GetAnalyzerTelemetryInfoAsync(a, default).GetAwaiter().GetResult().ExecutionTime)
                .Aggregate(TimeSpan.Zero, (sum, t) => sum + t);
        });
        Console.WriteLine($"{name}: {analyzers.Length} analyzers, {count} diagnostics, CPU {F(time.Cpu)} ms, wall {F(time.Wall)} ms, telemetry {F(time.Telemetry)} ms");
        if (perAnalyzer is not null)
        {
            Console.WriteLine("  last run, by analyzer (Roslyn telemetry ms): "
                + string.Join(", ", perAnalyzer.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {F(p.Value)}")));
        }
        return time;
    }

    /// <summary>Medians over <paramref name="repeats"/> runs after one warm-up run (JIT, metadata).</summary>
    private static (double Cpu, double Wall, double Telemetry) Time(int repeats, Func<TimeSpan> run)
    {
        run();
        var cpu = new List<double>();
        var wall = new List<double>();
        var telemetry = new List<double>();
        var process = Process.GetCurrentProcess();
        for (int i = 0; i < repeats; i++)
        {
            GC.Collect();
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            var reported = run();
            stopwatch.Stop();
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuStart).TotalMilliseconds);
            wall.Add(stopwatch.Elapsed.TotalMilliseconds);
            telemetry.Add(reported.TotalMilliseconds);
        }

        return (Medians.Of(cpu), Medians.Of(wall), Medians.Of(telemetry));
    }

    private static string F(double ms) => ms.ToString("F0", CultureInfo.InvariantCulture);

    private static string Row(string size, string set, double cpu, double wall, string own, string share, string telemetry) =>
        $"| {size} | {set} | {F(cpu)} | {F(wall)} | {own} | {share} | {telemetry} |";
}
