using System.Linq;
using BenchmarkDotNet.Running;

namespace ActivityFlow.Benchmarks.Exporter;

/// <summary>
/// <c>dotnet run -c Release --project tests/ActivityFlow.Benchmarks.Exporter -- --filter '*'</c> runs the benchmarks;
/// <c>-- throughput [seconds]</c> runs the sustained one-core throughput measurement instead.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "throughput")
        {
            return Throughput.Run(args.Skip(1).ToArray());
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
