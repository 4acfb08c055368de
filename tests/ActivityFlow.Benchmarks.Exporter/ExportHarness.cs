using System;
using System.Diagnostics;
using ActivityFlow.Internal;
using OpenTelemetry;

namespace ActivityFlow.Benchmarks.Exporter;

/// <summary>
/// The exporter's path without its network: default options, the static or stream pipeline, serialisation into a
/// discarding sink. Each batch is followed by 5 s of clock and a tick, so the roots of the batch pass their grace
/// window and orphans reach the 5-minute pending timeout 60 batches later (pending memory stays bounded).
/// </summary>
internal sealed class ExportHarness : IDisposable
{
    public static readonly TimeSpan TimePerBatch = TimeSpan.FromSeconds(5);

    private readonly SteppedClock _clock = new();
    private readonly ISpanPipeline _pipeline;
    private readonly ClientReports _reports = new(enabled: true);

    /// <param name="serialize">false: the sink drops work items unserialised (grouping alone).</param>
    public ExportHarness(TraceLifecycle lifecycle, bool serialize = true)
    {
        var options = new SentryExporterOptions
        {
            Dsn = "https://0123456789abcdef0123456789abcdef@o4504.ingest.sentry.io/4505",
            Release = "orders@1.4.2",
            TraceLifecycle = lifecycle,
        };
        var settings = ExporterSettings.Resolve(options, _ => null);
        Sink = new DiscardingSink(settings, _clock, serialize);
        _pipeline = lifecycle == TraceLifecycle.Stream
            ? new StreamPipeline(settings, _clock, Sink)
            : new StaticPipeline(settings, _clock, Sink);
    }

    public DiscardingSink Sink { get; }

    public int Pending => _pipeline.PendingCount;

    /// <summary>What <see cref="SentryExporter.Export"/> does with a batch, then the timer's tick.</summary>
    public void Export(Activity[] batch)
    {
        _pipeline.Add(new Batch<Activity>(batch, batch.Length), _reports);
        _clock.Advance(TimePerBatch);
        _pipeline.Tick();
    }

    /// <summary>Runs the workload until steady state, then checks one full cycle produced exactly the intended mix.</summary>
    public void WarmUpAndVerify(SpanWorkload workload, bool staticMode)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (Activity[] batch in workload.Batches)
            {
                Export(batch);
            }
        }

        Sink.Reset();
        foreach (Activity[] batch in workload.Batches)
        {
            Export(batch);
        }

        int batches = workload.Batches.Length;
        long expectedSpans = (long)batches * SpanWorkload.BatchSize;
        bool ok = Sink.Spans == expectedSpans;
        if (staticMode)
        {
            ok &= Sink.LatePromotions == (long)batches * SpanWorkload.LateChildrenPerBatch
                && Sink.OrphanPromotions == (long)batches * SpanWorkload.OrphansPerBatch
                && (Sink.Envelopes == 0 || Sink.Envelopes == (long)batches * (SpanWorkload.TracesPerBatch + SpanWorkload.LateChildrenPerBatch + SpanWorkload.OrphansPerBatch));
        }

        if (!ok)
        {
            throw new InvalidOperationException(
                $"workload mix off: {Sink.Spans} spans (expected {expectedSpans}), {Sink.Envelopes} envelopes, "
                + $"{Sink.LatePromotions} late and {Sink.OrphanPromotions} orphan promotions over {batches} batches");
        }
    }

    public void Dispose() => Sink.Dispose();
}
