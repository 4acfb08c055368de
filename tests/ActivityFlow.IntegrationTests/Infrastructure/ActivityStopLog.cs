using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;

namespace ActivityFlow.IntegrationTests.Infrastructure;

/// <summary>
/// Records which activities of the given sources stopped, without sampling anything itself, so a
/// test can wait for the server side of a request to end after the client already has its answer.
/// </summary>
public sealed class ActivityStopLog : IDisposable
{
    private readonly ActivityListener _listener;

    public ActivityStopLog(IReadOnlyCollection<string> sourceNames)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => sourceNames.Contains(source.Name),
            ActivityStopped = Stopped.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ArrivalLog<Activity> Stopped { get; } = new();

    public Task<bool> WaitForStopAsync(string spanId, TimeSpan timeout) =>
        Stopped.WaitUntilAsync(stopped => stopped.Any(a => a.SpanId.ToHexString() == spanId), timeout);

    public void Dispose() => _listener.Dispose();
}
