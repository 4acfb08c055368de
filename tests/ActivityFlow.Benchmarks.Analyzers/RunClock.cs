using System;
using System.Diagnostics;
using System.Runtime;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// What one run cost the process: CPU time (every thread), wall time, and the two things besides the measured work that
/// CPU time includes: garbage-collection pauses and JIT compilation (tiered re-compilation runs on a background thread).
/// </summary>
internal readonly record struct Spent(double CpuMs, double WallMs, double GcPauseMs, double JitMs, int Gen2Collections)
{
    public override string ToString() =>
        $"{CpuMs:F0} ms CPU, {WallMs:F0} ms wall (GC pauses {GcPauseMs:F0} ms, {Gen2Collections} gen2; JIT {JitMs:F0} ms)";
}

/// <summary>Starts after a full collection, so garbage from the previous run is not collected on this one's time.</summary>
internal sealed class RunClock
{
    private readonly double _cpu;
    private readonly Stopwatch _wall;
    private readonly TimeSpan _gcPause;
    private readonly TimeSpan _jit;
    private readonly int _gen2;

    private RunClock()
    {
        _gen2 = GC.CollectionCount(2);
        _gcPause = GC.GetTotalPauseDuration();
        _jit = JitInfo.GetCompilationTime();
        _cpu = Medians.ProcessCpuMs();
        _wall = Stopwatch.StartNew();
    }

    public static RunClock Start()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return new RunClock();
    }

    public Spent Stop()
    {
        _wall.Stop();
        var cpu = Medians.ProcessCpuMs() - _cpu;
        return new Spent(cpu, _wall.Elapsed.TotalMilliseconds, (GC.GetTotalPauseDuration() - _gcPause).TotalMilliseconds,
            (JitInfo.GetCompilationTime() - _jit).TotalMilliseconds, GC.CollectionCount(2) - _gen2);
    }
}
