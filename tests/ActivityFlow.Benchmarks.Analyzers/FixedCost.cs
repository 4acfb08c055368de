using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// <c>fixed [rounds]</c>: the per-compilation fixed cost by process CPU time, without BenchmarkDotNet. In each round every
/// set analyses a batch of new trivial compilations (the driver runs work on pool threads too, so the whole process is
/// timed); rounds interleave the sets so machine load affects each alike. The table gives the median per compilation
/// and that median minus the empty analyzer's.
/// </summary>
internal static class FixedCost
{
    private const int Batch = 20;

    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 40;
        var sets = new (string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers)[]
        {
            ("Empty analyzer", AnalyzerSets.Empty()),
            ("Binding-only analyzer", AnalyzerSets.BindingOnly()),
            ("ActivityFlow (all ACTX)", AnalyzerSets.ActivityFlow()),
            (AnalyzerSets.AsyncFixer, Peers.AsyncFixer.Value),
            (AnalyzerSets.VsThreading, Peers.VsThreading.Value),
            (AnalyzerSets.Meziantou, Peers.Meziantou.Value),
            ("12 no-op analyzers (driver floor)", NoopAnalyzer.LikeActivityFlow()),
        };
        _ = CompileReferences.All;
        LoadAverage.Print("at start");

        var samples = new List<double>[sets.Length];
        for (int s = 0; s < sets.Length; s++)
        {
            samples[s] = new List<double>(rounds);
            for (int warmup = 0; warmup < 20; warmup++)
            {
                Analysis.Run(SmallCompilations.NewTrivial(), sets[s].Analyzers);
            }
        }

        for (int round = 0; round < rounds; round++)
        {
            for (int s = 0; s < sets.Length; s++)
            {
                var compilations = new Microsoft.CodeAnalysis.CSharp.CSharpCompilation[Batch];
                for (int i = 0; i < Batch; i++)
                {
                    compilations[i] = SmallCompilations.NewTrivial();
                }

                var start = Medians.ProcessCpuMs();
                foreach (var compilation in compilations)
                {
                    Analysis.Run(compilation, sets[s].Analyzers);
                }

                samples[s].Add((Medians.ProcessCpuMs() - start) / Batch);
            }
        }

        LoadAverage.Print("at end");
        var empty = Medians.Of(samples[0]);
        Console.WriteLine();
        Console.WriteLine($"| set ({rounds} × {Batch} new compilations each) | median CPU ms per compilation | minus empty analyzer | minus binding-only analyzer |");
        Console.WriteLine("|---|---:|---:|---:|");
        var binding = Medians.Of(samples[1]);
        for (int s = 0; s < sets.Length; s++)
        {
            var median = Medians.Of(samples[s]);
            Console.WriteLine($"| {sets[s].Name} | {F(median)} | {(s == 0 ? "" : F(median - empty))} | {(s <= 1 ? "" : F(median - binding))} |");
        }

        return 0;
    }

    private static string F(double ms) => ms.ToString("F3", CultureInfo.InvariantCulture);
}
