using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Tasks;
using OpenTelemetry;

namespace ActivityFlow.IntegrationTests.Kafka;

/// <summary>
/// Added to the tracer provider after the exporter, so its <see cref="OnEnd"/> runs once the
/// exporter has been handed a finished ASP.NET Core request activity. The delivery handler waits
/// on it, which makes the `queue.publish` span end after its request: a deterministic late child.
/// </summary>
public sealed class RequestEndSignals : BaseProcessor<Activity>
{
    private readonly ConcurrentDictionary<ActivitySpanId, TaskCompletionSource> _ended = new();

    public override void OnEnd(Activity data)
    {
        if (data.Source.Name == DemoTelemetry.AspNetCoreSourceName)
        {
            SignalFor(data.SpanId).TrySetResult();
        }
    }

    /// <summary>Waits (bounded) until the request activity <paramref name="requestSpanId"/> has ended.</summary>
    public bool WaitForEnd(ActivitySpanId requestSpanId, TimeSpan timeout) =>
        SignalFor(requestSpanId).Task.Wait(timeout);

    private TaskCompletionSource SignalFor(ActivitySpanId spanId) =>
        _ended.GetOrAdd(spanId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
