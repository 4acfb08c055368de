using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using ActivityFlow.Internal;
using OpenTelemetry;

namespace ActivityFlow
{
    /// <summary>
    /// OpenTelemetry exporter that sends <see cref="Activity"/> spans to Sentry through the Sentry SDK (the application's,
    /// or a private client) and/or an envelope directory. Static mode groups spans into one transaction per local root and
    /// promotes late and orphaned spans to their own transactions instead of dropping them; stream mode sends Span v2
    /// envelopes. Never throws into the application and never traces its own sends.
    /// </summary>
    /// <remarks>The pipeline: <c>Export</c> → grouping (Internal/Grouping) → serialisation (Internal/Serialization, on the
    /// export thread) → a send queue bounded in bytes → the Sentry SDK's transport (Internal/Sending).</remarks>
    public sealed class SentryExporter : BaseExporter<Activity>
    {
        private readonly ExporterSettings _settings;
        private readonly SentryDestinations _destinations;
        private readonly EnvelopeSender _sender;
        private readonly ISpanPipeline _pipeline;
        private readonly ITimer? _timer;
        private IReadOnlyList<KeyValuePair<string, object>>? _resource;
        private int _shutdown;

        /// <summary>Creates the exporter; throws <see cref="ArgumentException"/> naming the option when an option is invalid.</summary>
        public SentryExporter(SentryExporterOptions options)
            : this(ExporterSettings.Resolve(options, System.Environment.GetEnvironmentVariable), new ExporterSeams())
        {
        }

        internal SentryExporter(ExporterSettings settings, ExporterSeams seams)
        {
            _settings = settings ?? throw new ArgumentNullException(nameof(settings));
            seams ??= new ExporterSeams();
            TimeProvider clock = seams.Clock;
            _destinations = new SentryDestinations(settings);
            _sender = new EnvelopeSender(settings, clock, _destinations, seams.Resource ?? ResourceAttributes, seams.EnvelopeObserver);
            _pipeline = settings.TraceLifecycle == TraceLifecycle.Stream
                ? new StreamPipeline(settings, clock, _sender)
                : new StaticPipeline(settings, clock, _sender);
            if (settings.MaxRunningSpans > 0)
            {
                Running = new RunningSpans(settings.MaxRunningSpans);
            }

            if (seams.StartTimer)
            {
                TimeSpan period = _pipeline.TickPeriod;
                _timer = clock.CreateTimer(static s => ((SentryExporter)s!).Tick(), this, period, period);
            }
        }

        /// <summary>The provider's resource attributes, read once (the provider is known only after registration).</summary>
        private IReadOnlyList<KeyValuePair<string, object>> ResourceAttributes()
        {
            if (_resource is not null)
            {
                return _resource;
            }

            BaseProvider? provider = ParentProvider;
            if (provider is null)
            {
                return Array.Empty<KeyValuePair<string, object>>();
            }

            var list = new List<KeyValuePair<string, object>>();
            foreach (var kv in provider.GetResource().Attributes)
            {
                list.Add(kv);
            }

            return _resource = list;
        }

        internal ExporterSettings Settings => _settings;

        internal ISpanPipeline Pipeline => _pipeline;

        internal EnvelopeSender Sender => _sender;

        /// <summary>Spans started and not yet ended (null when <c>MaxRunningSpans</c> is 0); fed by <see cref="ExporterCompanionProcessor"/>.</summary>
        internal RunningSpans? Running { get; }

        /// <inheritdoc/>
        public override ExportResult Export(in Batch<Activity> batch)
        {
            _pipeline.Add(batch, _sender.Reports);
            return ExportResult.Success;
        }

        /// <summary>Hands the spans still running to the pipeline (at shutdown, before it drains): they go out as
        /// <c>deadline_exceeded</c>, ending now, in their traces.</summary>
        private void ExportUnfinished(RunningSpans? running)
        {
            if (running is null)
            {
                return;
            }

            try
            {
                List<Activity> unfinished = running.TakeRunning();
                if (unfinished.Count > 0 || running.Untracked > 0)
                {
                    ActivityFlowEventSource.Log.Unfinished(unfinished.Count, running.Untracked);
                }

                if (unfinished.Count > 0)
                {
                    _pipeline.Add(new Batch<Activity>(unfinished.ToArray(), unfinished.Count), _sender.Reports);
                }
            }
            catch (Exception e)
            {
                ActivityFlowEventSource.Log.ExporterError("unfinished spans", e);
            }
        }

        /// <summary>Processes due work now (grace windows, timeouts, stream flush intervals). The timer calls it.</summary>
        internal void Tick()
        {
            try
            {
                _pipeline.Tick();
            }
            catch (Exception e)
            {
                ActivityFlowEventSource.Log.ExporterError("Tick", e);
            }
        }

        /// <summary>Waits until everything submitted so far has been handed over (without draining pending spans).</summary>
        internal bool WaitForIdle(int timeoutMilliseconds) => _sender.WaitForIdle(timeoutMilliseconds);

        /// <inheritdoc/>
        protected override bool OnForceFlush(int timeoutMilliseconds)
        {
            try
            {
                _pipeline.Drain();
                return _sender.Flush(timeoutMilliseconds);
            }
            catch (Exception e)
            {
                ActivityFlowEventSource.Log.ExporterError("ForceFlush", e);
                return false;
            }
        }

        /// <inheritdoc/>
        protected override bool OnShutdown(int timeoutMilliseconds)
        {
            if (Interlocked.Exchange(ref _shutdown, 1) != 0)
            {
                return true;
            }

            try
            {
                _timer?.Dispose();
                ExportUnfinished(Running); // the export processor has handed over everything that ended
                _pipeline.Drain();
                return _sender.Shutdown(timeoutMilliseconds);
            }
            catch (Exception e)
            {
                ActivityFlowEventSource.Log.ExporterError("Shutdown", e);
                return false;
            }
        }

        /// <inheritdoc/>
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _timer?.Dispose();
                _sender.Dispose();
                _destinations.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
