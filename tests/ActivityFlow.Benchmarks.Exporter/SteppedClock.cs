using System;

namespace ActivityFlow.Benchmarks.Exporter;

/// <summary>A clock the benchmark moves: grace windows and timeouts fall due exactly when the workload says.</summary>
internal sealed class SteppedClock : TimeProvider
{
    private long _ticks = TimeSpan.TicksPerDay;
    private DateTimeOffset _utc = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public override DateTimeOffset GetUtcNow() => _utc;

    public void Advance(TimeSpan by)
    {
        _ticks += by.Ticks;
        _utc += by;
    }
}
