using System.Diagnostics;
using ActivityFlow.Benchmarks;
using BenchmarkDotNet.Attributes;

namespace ActivityFlow.Benchmarks.Exporter;

/// <summary>
/// <c>ActivityScope</c> enter and exit around a captured Activity on a thread with no current Activity (what the code
/// fixes generate), against the baseline of setting and restoring <c>Activity.Current</c> by hand: the allocation
/// happens inside the runtime, whenever the AsyncLocal behind <c>Activity.Current</c> changes value.
/// </summary>
[Config(typeof(ExporterBenchmarkConfig))]
public class ActivityScopeBenchmarks
{
    private const string SourceName = "ActivityFlow.Benchmarks.Scope";
    private static readonly ActivitySource Source = new(SourceName);
    private ActivityListener _listener = null!;
    private Activity _captured = null!;

    [GlobalSetup]
    public void Setup()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
        _captured = Source.StartActivity("captured")!;
        Activity.Current = null;
        LoadAverage.Print("at start");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _captured.Stop();
        _listener.Dispose();
        LoadAverage.Print("at end");
    }

    [Benchmark(Description = "ActivityScope enter + exit")]
    public bool ScopeEnterExit()
    {
        using var scope = ActivityScope.Enter(_captured);
        return scope.IsAttached;
    }

    [Benchmark(Baseline = true, Description = "Activity.Current set + restore by hand")]
    public bool SetAndRestoreByHand()
    {
        var previous = Activity.Current;
        Activity.Current = _captured;
        try
        {
            return previous is null;
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    [Benchmark(Description = "ActivityScope enter + exit, Activity already current")]
    public bool ScopeAlreadyCurrent()
    {
        // The no-change path: the captured Activity is the current one, nothing is set.
        using var scope = ActivityScope.Enter(Activity.Current);
        return scope.IsAttached;
    }
}
