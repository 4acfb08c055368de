using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Reports;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// The figures the targets are stated in, from one run's medians: each analyzer set's own cost (its time minus the
/// binding-only analyzer's, i.e. beyond binding the method bodies every operation-based analyzer needs), as a share of
/// the compiler's GetDiagnostics time, per 1,000 files or lines, and its own allocations.
/// </summary>
internal static class DerivedTable
{
    public static string Render(Summary summary)
    {
        var rows = summary.Reports
            .Where(r => r.ResultStatistics is not null)
            .Select(r => (
                Method: r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                Size: Convert.ToInt32(r.BenchmarkCase.Parameters.Items.Single().Value, CultureInfo.InvariantCulture),
                SizeName: r.BenchmarkCase.Parameters.Items.Single().Name,
                MedianMs: r.ResultStatistics!.Median / 1e6,
                AllocatedMb: (r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0) / 1e6))
            .ToArray();
        if (rows.Length == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        string sizeName = rows[0].SizeName;
        text.AppendLine($"| {sizeName} | analyzer set | median ms | own ms (minus binding-only) | own / GetDiagnostics | own ms per 1,000 {(sizeName == "Files" ? "files" : "lines")} | own MB allocated |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|");
        foreach (var group in rows.GroupBy(r => r.Size).OrderBy(g => g.Key))
        {
            var byMethod = group.ToDictionary(r => r.Method);
            if (!byMethod.TryGetValue("CompilerDiagnostics", out var compiler) || !byMethod.TryGetValue("BindingOnlyAnalyzer", out var binding))
            {
                continue;
            }

            foreach (var row in group.OrderBy(r => Order(r.Method)))
            {
                bool analyzer = row.Method is not ("CompilerDiagnostics" or "EmptyAnalyzer" or "BindingOnlyAnalyzer");
                double own = row.MedianMs - binding.MedianMs;
                text.Append(CultureInfo.InvariantCulture, $"| {group.Key:N0} | {row.Method} | {row.MedianMs:F0} | ");
                text.AppendLine(analyzer
                    ? string.Create(CultureInfo.InvariantCulture, $"{own:F0} | {own / compiler.MedianMs:P1} | {own * 1000 / group.Key:F1} | {row.AllocatedMb - binding.AllocatedMb:F1} |")
                    : string.Create(CultureInfo.InvariantCulture, $"| | | {row.AllocatedMb:F1} (total) |"));
            }
        }

        return text.ToString();
    }

    private static int Order(string method) => method switch
    {
        "CompilerDiagnostics" => 0,
        "EmptyAnalyzer" => 1,
        "BindingOnlyAnalyzer" => 2,
        "ActivityFlow" => 3,
        _ => 4,
    };
}
