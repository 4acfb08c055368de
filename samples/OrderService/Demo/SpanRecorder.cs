using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrderService.Demo;

/// <summary>
/// Ground truth for the demo: every span the service recorded, seen by a listener of its own (independent of the
/// exporter), and a bounded wait until the background work has gone quiet.
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener listener;
    private readonly ConcurrentDictionary<ActivitySpanId, Activity> running = new();
    private long lastChangeTicks = Environment.TickCount64;

    public SpanRecorder(string sourceName)
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            // Decides nothing: the tracer provider's sampler records; this listener only watches.
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStarted = activity => { running[activity.SpanId] = activity; Touch(); },
            ActivityStopped = activity =>
            {
                running.TryRemove(activity.SpanId, out _);
                if (activity.Recorded)
                {
                    Stopped.Add(activity);
                }

                Touch();
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    public ConcurrentBag<Activity> Stopped { get; } = new();

    /// <summary>Waits until no span is running and none started or stopped for <paramref name="quiet"/>, at most <paramref name="limit"/>.</summary>
    public async Task<bool> WaitUntilQuietAsync(TimeSpan quiet, TimeSpan limit)
    {
        var deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            if (running.IsEmpty && Environment.TickCount64 - Interlocked.Read(ref lastChangeTicks) >= quiet.TotalMilliseconds)
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    /// <summary>Waits until a stopped span matches <paramref name="match"/>, at most <paramref name="limit"/>.</summary>
    public async Task<bool> WaitForAsync(Func<Activity, bool> match, TimeSpan limit)
    {
        var deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            if (Stopped.Any(match))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    public void Dispose() => listener.Dispose();

    private void Touch() => Interlocked.Exchange(ref lastChangeTicks, Environment.TickCount64);
}
