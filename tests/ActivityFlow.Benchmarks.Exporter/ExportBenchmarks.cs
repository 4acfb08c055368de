using System;
using System.Diagnostics;
using ActivityFlow.Benchmarks;
using BenchmarkDotNet.Attributes;

namespace ActivityFlow.Benchmarks.Exporter;

/// <summary>
/// Export of 512-span batches (8 tags each; roots, children, late children and orphans) through grouping, mapping and
/// envelope serialisation into a discarding sink, per span. Baselines in the same run: OpenTelemetry's batch
/// processor feeding a no-op exporter (the floor every exporter sits on), plain System.Text.Json serialisation of
/// the same spans, and reading every field and tag of the same spans (the memory floor).
/// </summary>
[Config(typeof(ExporterBenchmarkConfig))]
public class ExportBenchmarks
{
    private SpanWorkload _workload = null!;
    private ExportHarness _static = null!;
    private ExportHarness _grouping = null!;
    private ExportHarness _stream = null!;
    private OpenTelemetryFloor _floor = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _workload = SpanWorkload.Create();
        _static = new ExportHarness(TraceLifecycle.Static);
        _static.WarmUpAndVerify(_workload, staticMode: true);
        _grouping = new ExportHarness(TraceLifecycle.Static, serialize: false);
        _grouping.WarmUpAndVerify(_workload, staticMode: true);
        _stream = new ExportHarness(TraceLifecycle.Stream);
        _stream.WarmUpAndVerify(_workload, staticMode: false);
        _floor = new OpenTelemetryFloor();
        Console.WriteLine($"// envelope bytes per span: static {_static.Sink.EnvelopeBytes / (double)_static.Sink.Spans:F0}, stream {_stream.Sink.EnvelopeBytes / (double)_stream.Sink.Spans:F0}; "
            + $"plain JSON bytes per span {PlainJson.Serialize(_workload.Batches[0]) / (double)SpanWorkload.BatchSize:F0}");
        LoadAverage.Print("at start");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _static.Dispose();
        _grouping.Dispose();
        _stream.Dispose();
        _floor.Dispose();
        LoadAverage.Print("at end");
    }

    private Activity[] NextBatch()
    {
        var batches = _workload.Batches;
        var batch = batches[_next];
        _next = _next + 1 == batches.Length ? 0 : _next + 1;
        return batch;
    }

    [Benchmark(OperationsPerInvoke = SpanWorkload.BatchSize, Description = "Static mode export (per span)")]
    public void StaticMode() => _static.Export(NextBatch());

    [Benchmark(OperationsPerInvoke = SpanWorkload.BatchSize, Description = "Static mode, grouping only: work items dropped unserialised (per span)")]
    public void StaticModeGroupingOnly() => _grouping.Export(NextBatch());

    [Benchmark(OperationsPerInvoke = SpanWorkload.BatchSize, Description = "Stream mode export (per span)")]
    public void StreamMode() => _stream.Export(NextBatch());

    [Benchmark(Baseline = true, OperationsPerInvoke = SpanWorkload.BatchSize, Description = "OTel batch processor + no-op exporter (per span)")]
    public void OpenTelemetryBatchProcessorFloor() => _floor.Process(NextBatch());

    [Benchmark(OperationsPerInvoke = SpanWorkload.BatchSize, Description = "Plain System.Text.Json of the same spans (per span)")]
    public long PlainSystemTextJson() => PlainJson.Serialize(NextBatch());

    [Benchmark(OperationsPerInvoke = SpanWorkload.BatchSize, Description = "Reading every field and tag of the same spans (memory floor, per span)")]
    public long ReadOnlyMemoryFloor() => MemoryFloor.Read(NextBatch());
}
