using System;
using System.Linq;
using BenchmarkDotNet.Running;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// <c>dotnet run -c Release --project tests/ActivityFlow.Benchmarks.Analyzers -- --filter '*'</c> runs every benchmark;
/// <c>-- check [files | -lines | mLINES] [repeats]</c> checks one corpus (N files, one file, or one method of N lines) (exact planted counts) and times each set by CPU time;
/// <c>-- fixed [rounds]</c> measures each set's fixed cost per new small compilation by process CPU time;
/// <c>-- real [--cache DIR] [--repeats N] [--only TEXT]</c> times the compiler and each set on whole real open-source projects.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "check")
        {
            return Check.Run(args.Skip(1).ToArray());
        }

        if (args.Length > 0 && args[0] == "fixed")
        {
            return FixedCost.Run(args.Skip(1).ToArray());
        }

        if (args.Length > 0 && args[0] == "real")
        {
            return WholeProjects.RunAsync(args.Skip(1).ToArray()).GetAwaiter().GetResult();
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        foreach (var summary in summaries)
        {
            Console.WriteLine();
            Console.WriteLine($"## {summary.Title}");
            Console.WriteLine(DerivedTable.Render(summary));
        }

        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
