using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using ActivityFlow.Benchmarks;

namespace ActivityFlow.Benchmarks.Exporter;

/// <summary>
/// Sustained static-mode throughput on one core (not a BenchmarkDotNet run): one thread pinned to one CPU exports the
/// workload's batches as fast as it can for a fixed time, and reports spans per second of wall time and of CPU time
/// (the latter is what one core sustains even when other processes share it), with the managed heap and the pending
/// spans sampled every second to show memory stays bounded.
/// </summary>
internal static class Throughput
{
    public static int Run(string[] args)
    {
        int seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            Process.GetCurrentProcess().ProcessorAffinity = (IntPtr)1;
        }

        LoadAverage.Print("at start");
        var workload = SpanWorkload.Create();
        using var harness = new ExportHarness(ActivityFlow.TraceLifecycle.Static);
        harness.WarmUpAndVerify(workload, staticMode: true);
        harness.Sink.Reset();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var process = Process.GetCurrentProcess();
        TimeSpan cpuStart = process.TotalProcessorTime;
        long allocatedStart = GC.GetTotalAllocatedBytes(precise: true);
        var wall = Stopwatch.StartNew();
        long spans = 0;
        long maxHeap = 0;
        int maxPending = 0;
        int next = 0;
        long nextSample = 1000;
        while (wall.ElapsedMilliseconds < seconds * 1000L)
        {
            harness.Export(workload.Batches[next]);
            spans += SpanWorkload.BatchSize;
            next = next + 1 == workload.Batches.Length ? 0 : next + 1;
            if (wall.ElapsedMilliseconds >= nextSample)
            {
                nextSample += 1000;
                long heap = GC.GetTotalMemory(forceFullCollection: false);
                maxHeap = Math.Max(maxHeap, heap);
                maxPending = Math.Max(maxPending, harness.Pending);
            }
        }

        wall.Stop();
        process.Refresh();
        double cpuSeconds = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        double allocatedPerSpan = (GC.GetTotalAllocatedBytes(precise: true) - allocatedStart) / (double)spans;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"static mode, 1 core, {seconds} s: {spans:N0} spans; {spans / wall.Elapsed.TotalSeconds:N0} spans/s wall, {spans / cpuSeconds:N0} spans/s of CPU time ({cpuSeconds:F1} CPU s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory: managed heap at most {maxHeap / 1e6:F1} MB (workload of {workload.SpanCount:N0} activities included), at most {maxPending:N0} spans pending; {allocatedPerSpan:F0} B allocated per span; {harness.Sink.EnvelopeBytes / (double)harness.Sink.Spans:F0} envelope bytes per span; gen2 collections {GC.CollectionCount(2)}"));
        LoadAverage.Print("at end");
        return 0;
    }
}
