using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>Medians of repeated measurements, and the process's CPU time (the analyzer driver works on pool threads too).</summary>
internal static class Medians
{
    public static double Of(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        int n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>CPU time of every thread of this process so far, in milliseconds.</summary>
    public static double ProcessCpuMs()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalMilliseconds;
    }
}
