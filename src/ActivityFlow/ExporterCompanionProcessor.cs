using System.Diagnostics;
using ActivityFlow.Internal;
using OpenTelemetry;

namespace ActivityFlow
{
    /// <summary>
    /// Sits after the export processor. It notes each span's start and end in <see cref="RunningSpans"/> (for the export
    /// of spans still running at shutdown), and once the export processor has flushed its queue it flushes the exporter:
    /// OpenTelemetry's batch processor does not, so without this <c>ForceFlush</c> would leave the grace windows and the
    /// send queue undrained.
    /// </summary>
    internal sealed class ExporterCompanionProcessor : BaseProcessor<Activity>
    {
        private readonly RunningSpans? _running;
        private readonly SentryExporter _exporter;

        public ExporterCompanionProcessor(RunningSpans? running, SentryExporter exporter)
        {
            _running = running;
            _exporter = exporter;
        }

        public override void OnStart(Activity data) => _running?.Started(data);

        public override void OnEnd(Activity data) => _running?.Ended(data);

        protected override bool OnForceFlush(int timeoutMilliseconds) => _exporter.ForceFlush(timeoutMilliseconds);
    }
}
