using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace ActivityFlow.Benchmarks.Exporter;

/// <summary>Allocations recorded, medians shown (robust on a shared machine). The job is BenchmarkDotNet's default unless
/// the command line names one (<c>--job short</c> for a quick validation run).</summary>
public sealed class ExporterBenchmarkConfig : ManualConfig
{
    public ExporterBenchmarkConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median);
    }
}
