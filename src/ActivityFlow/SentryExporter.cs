using System;
using System.Diagnostics;
using System.Threading;
using ActivityFlow.Internal;
using OpenTelemetry;

namespace ActivityFlow
{
    /// <summary>
    /// OpenTelemetry exporter that sends <see cref="Activity"/> spans to Sentry (and/or Spotlight, and/or an envelope directory).
    /// Static mode groups spans into one transaction per local root and promotes late and orphaned spans to their own
    /// transactions instead of dropping them; stream mode sends Span v2 envelopes. Never throws into the application.
    /// </summary>
    public sealed class SentryExporter : BaseExporter<Activity>
    {
        private readonly ExporterSettings _settings;
        private readonly Dispatcher? _dispatcher;
        private readonly ISpanPipeline? _pipeline;
        private readonly ITimer? _timer;
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
            if (!settings.HasDestination)
            {
                ActivityFlowEventSource.Log.NoDestination();
                return;
            }

            seams.Resource ??= ResourceAttributes;
            _dispatcher = new Dispatcher(settings, seams);
            _pipeline = settings.TraceLifecycle == TraceLifecycle.Stream
                ? new StreamPipeline(settings, seams.Clock, _dispatcher)
                : new StaticPipeline(settings, seams.Clock, _dispatcher);
            if (seams.StartTimer)
            {
                TimeSpan period = _pipeline.TickPeriod;
                _timer = seams.Clock.CreateTimer(static s => ((SentryExporter)s!).Tick(), this, period, period);
            }
        }

        private System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, object>>? _resource;

        /// <summary>The provider's resource attributes, read once (the provider is known only after registration).</summary>
        private System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, object>> ResourceAttributes()
        {
            if (_resource is not null)
            {
                return _resource;
            }

            BaseProvider? provider = ParentProvider;
            if (provider is null)
            {
                return Array.Empty<System.Collections.Generic.KeyValuePair<string, object>>();
            }

            var list = new System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, object>>();
            foreach (var kv in provider.GetResource().Attributes)
            {
                list.Add(kv);
            }

            return _resource = list;
        }

        internal ExporterSettings Settings => _settings;

        internal ISpanPipeline? Pipeline => _pipeline;

        internal Dispatcher? Dispatcher => _dispatcher;

        /// <inheritdoc/>
        public override ExportResult Export(in Batch<Activity> batch)
        {
            ISpanPipeline? pipeline = _pipeline;
            if (pipeline is null)
            {
                return ExportResult.Success;
            }

            pipeline.Add(batch, _dispatcher!.Reports);
            return ExportResult.Success;
        }

        /// <summary>Processes due work now (grace windows, timeouts, stream flush intervals). The timer calls it.</summary>
        internal void Tick()
        {
            try
            {
                _pipeline?.Tick();
            }
            catch (Exception e)
            {
                ActivityFlowEventSource.Log.ExporterError("Tick", e);
            }
        }

        /// <summary>Waits until everything submitted so far has been sent (without draining pending spans).</summary>
        internal bool WaitForIdle(int timeoutMilliseconds) => _dispatcher is null || _dispatcher.WaitForIdle(timeoutMilliseconds);

        /// <inheritdoc/>
        protected override bool OnForceFlush(int timeoutMilliseconds)
        {
            try
            {
                _pipeline?.Drain();
                return _dispatcher is null || _dispatcher.Flush(timeoutMilliseconds);
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
            if (System.Threading.Interlocked.Exchange(ref _shutdown, 1) != 0)
            {
                return true;
            }

            try
            {
                _timer?.Dispose();
                _pipeline?.Drain();
                return _dispatcher is null || _dispatcher.Shutdown(timeoutMilliseconds);
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
                _dispatcher?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
