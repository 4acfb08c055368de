using System.Diagnostics;
using ActivityFlow.Internal;
using OpenTelemetry;

namespace ActivityFlow
{
    /// <summary>
    /// Sits before the export processor: notes starts and ends in <see cref="RunningSpans"/>, and at shutdown hands the
    /// spans still running to the exporter, before the export processor drains.
    /// </summary>
    internal sealed class RunningSpanProcessor : BaseProcessor<Activity>
    {
        private readonly RunningSpans _running;
        private readonly SentryExporter _exporter;

        public RunningSpanProcessor(RunningSpans running, SentryExporter exporter)
        {
            _running = running;
            _exporter = exporter;
        }

        public override void OnStart(Activity data) => _running.Started(data);

        public override void OnEnd(Activity data) => _running.Ended(data);

        protected override bool OnShutdown(int timeoutMilliseconds)
        {
            _exporter.ExportUnfinished(_running);
            return true;
        }
    }
}
