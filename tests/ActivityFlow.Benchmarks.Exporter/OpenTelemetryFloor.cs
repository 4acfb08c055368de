using System;
using System.Diagnostics;
using OpenTelemetry;

namespace ActivityFlow.Benchmarks.Exporter;

/// <summary>
/// OpenTelemetry's own batch export processor (as AddSentryExporter registers it) in front of an exporter that does
/// nothing: the cost every span pays before any exporter sees it. A batch is handed over span by span (OnEnd) and
/// then flushed, so the export thread's work is inside the measurement.
/// </summary>
internal sealed class OpenTelemetryFloor : IDisposable
{
    private readonly BatchActivityExportProcessor _processor = new(
        new NoOpExporter(), maxQueueSize: 2048, scheduledDelayMilliseconds: 5000, exporterTimeoutMilliseconds: 30000, maxExportBatchSize: 512);

    public void Process(Activity[] batch)
    {
        foreach (Activity activity in batch)
        {
            _processor.OnEnd(activity);
        }

        _processor.ForceFlush();
    }

    public void Dispose() => _processor.Dispose();

    private sealed class NoOpExporter : BaseExporter<Activity>
    {
        public long Exported { get; private set; }

        public override ExportResult Export(in Batch<Activity> batch)
        {
            long count = 0;
            foreach (Activity activity in batch)
            {
                count += activity is null ? 0 : 1;
            }

            Exported += count;
            return ExportResult.Success;
        }
    }
}
