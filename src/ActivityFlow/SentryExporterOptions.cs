using System;
using System.Diagnostics;
using OpenTelemetry;

namespace ActivityFlow
{
    /// <summary>How spans are sent to Sentry.</summary>
    public enum TraceLifecycle
    {
        /// <summary>One Sentry transaction per local root (with late and orphaned spans promoted to their own transactions). The default.</summary>
        Static = 0,

        /// <summary>Span v2 envelopes (<c>type: span</c>), buffered per trace and flushed as spans end.</summary>
        Stream = 1,
    }

    /// <summary>
    /// Options of <see cref="SentryExporter"/>. With no <see cref="Dsn"/> the exporter sends through the application's
    /// Sentry SDK (see <c>SentryOptions.UseActivityFlow()</c>); values set here still win for what the exporter writes.
    /// Unset values come from the application's Sentry options, then the <c>SENTRY_DSN</c>, <c>SENTRY_ENVIRONMENT</c>,
    /// <c>SENTRY_RELEASE</c> and <c>SENTRY_SPOTLIGHT</c> environment variables.
    /// </summary>
    public sealed class SentryExporterOptions
    {
        /// <summary>Default of <see cref="RootGraceWindow"/>: 500 ms.</summary>
        public static readonly TimeSpan DefaultRootGraceWindow = TimeSpan.FromMilliseconds(500);

        /// <summary>Default of <see cref="PendingSpanTimeout"/>: 5 minutes.</summary>
        public static readonly TimeSpan DefaultPendingSpanTimeout = TimeSpan.FromMinutes(5);

        /// <summary>Default of <see cref="SentSpanCacheCapacity"/>.</summary>
        public const int DefaultSentSpanCacheCapacity = 16384;

        /// <summary>Default of <see cref="MaxPendingSpans"/>.</summary>
        public const int DefaultMaxPendingSpans = 10000;

        /// <summary>Default of <see cref="MaxQueuedBytes"/>: 64 MiB.</summary>
        public const long DefaultMaxQueuedBytes = 64L * 1024 * 1024;

        /// <summary>Default of <see cref="MaxRunningSpans"/>.</summary>
        public const int DefaultMaxRunningSpans = 4096;

        /// <summary>
        /// Default queue size of the batch export processor: 65,536 ended activities (OpenTelemetry's default is 2,048,
        /// which a burst overruns before the export thread wakes; OpenTelemetry drops what does not fit, uncounted).
        /// </summary>
        public const int DefaultMaxExportQueueSize = 65536;

        /// <summary>Default of <see cref="MaxCacheItems"/>.</summary>
        public const int DefaultMaxCacheItems = 100;

        /// <summary>Spotlight's default sidecar URL, used when <see cref="Spotlight"/> is <c>"true"</c>.</summary>
        public const string DefaultSpotlightUrl = "http://localhost:8969/stream";

        /// <summary>
        /// Standalone setup: the Sentry DSN, <c>{scheme}://{public_key}@{host}[:{port}]{path}/{project_id}</c>, for a
        /// private Sentry client of the exporter's own. Null (the usual case): the application's Sentry SDK when it is
        /// initialised, else a private client for <c>SENTRY_DSN</c> or Spotlight, else only <see cref="EnvelopeDirectory"/>.
        /// </summary>
        public string? Dsn { get; set; }

        /// <summary>The environment (e.g. <c>production</c>). Unset: the application's Sentry options, then <c>SENTRY_ENVIRONMENT</c>, then <c>production</c>.</summary>
        public string? Environment { get; set; }

        /// <summary>The release (e.g. <c>my-app@1.2.3</c>). Unset: the application's Sentry options, then <c>SENTRY_RELEASE</c>, then none.</summary>
        public string? Release { get; set; }

        /// <summary>Transactions (<see cref="ActivityFlow.TraceLifecycle.Static"/>, default) or Span v2 streaming.</summary>
        public TraceLifecycle TraceLifecycle { get; set; } = TraceLifecycle.Static;

        /// <summary>Static mode: how long a finished local root waits for children that end just after it. Default 500 ms; 0 sends at once.</summary>
        public TimeSpan RootGraceWindow { get; set; } = DefaultRootGraceWindow;

        /// <summary>Static mode: how long a finished span waits for a parent that never arrives before it is promoted to its own transaction. Default 5 minutes.</summary>
        public TimeSpan PendingSpanTimeout { get; set; } = DefaultPendingSpanTimeout;

        /// <summary>Static mode: how many sent span ids are remembered (fixed memory, least recently used evicted). Default 16384.</summary>
        public int SentSpanCacheCapacity { get; set; } = DefaultSentSpanCacheCapacity;

        /// <summary>Most spans held in memory waiting (for a parent, a grace window or a stream flush). On overflow the oldest are promoted/flushed, never dropped. Default 10000.</summary>
        public int MaxPendingSpans { get; set; } = DefaultMaxPendingSpans;

        /// <summary>Standalone setup: the Spotlight sidecar, <c>null</c>/<c>"false"</c>/<c>"off"</c> off, <c>"true"</c>/<c>"on"</c> for
        /// <see cref="DefaultSpotlightUrl"/>, or an absolute http(s) URL. Env: <c>SENTRY_SPOTLIGHT</c>. (The application's
        /// Sentry SDK has its own <c>EnableSpotlight</c>.)</summary>
        public string? Spotlight { get; set; }

        /// <summary>Write every envelope (client reports included) as a file into this directory, besides or instead of Sentry. Default: off.</summary>
        public string? EnvelopeDirectory { get; set; }

        /// <summary>Standalone setup: the Sentry SDK's offline cache (<c>SentryOptions.CacheDirectoryPath</c>) of the private client. Default: off.</summary>
        public string? CacheDirectory { get; set; }

        /// <summary>Standalone setup: <c>SentryOptions.MaxCacheItems</c> of the private client. Default 100.</summary>
        public int MaxCacheItems { get; set; } = DefaultMaxCacheItems;

        /// <summary>
        /// Memory the send queue may hold, in bytes of serialised envelopes (their pooled buffers). The queue stands in
        /// front of the Sentry SDK's transport instead of the SDK's own queue (<c>MaxQueueItems</c>, 30 by default, shared
        /// with errors), so bursts arrive whole; beyond this bound envelopes are counted as <c>queue_overflow</c>. Default 64 MiB.
        /// </summary>
        public long MaxQueuedBytes { get; set; } = DefaultMaxQueuedBytes;

        /// <summary>
        /// How many started, not yet ended spans are tracked so that those still running at shutdown are exported (as
        /// <c>deadline_exceeded</c>, marked <c>activityflow.unfinished</c>) instead of lost: a fixed table of this many
        /// references. 0 turns tracking off. Default 4096.
        /// </summary>
        public int MaxRunningSpans { get; set; } = DefaultMaxRunningSpans;

        /// <summary>Send <c>client_report</c> items counting everything the exporter discards. Default true.</summary>
        public bool SendClientReports { get; set; } = true;

        /// <summary>Batch (default) or simple export processor, as for the other OpenTelemetry exporters.</summary>
        public ExportProcessorType ExportProcessorType { get; set; } = ExportProcessorType.Batch;

        /// <summary>Options of the batch export processor (default schedule 1 s, queue 65,536 spans: references to ended activities, 512 KB).</summary>
        public BatchExportProcessorOptions<Activity> BatchExportProcessorOptions { get; set; } = new BatchExportProcessorOptions<Activity>
        {
            ScheduledDelayMilliseconds = 1000,
            MaxQueueSize = DefaultMaxExportQueueSize,
            MaxExportBatchSize = 512,
        };
    }
}
