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

    /// <summary>Options of <see cref="SentryExporter"/>. Unset values are filled from the
    /// <c>SENTRY_DSN</c>, <c>SENTRY_ENVIRONMENT</c>, <c>SENTRY_RELEASE</c> and <c>SENTRY_SPOTLIGHT</c> environment variables.</summary>
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

        /// <summary>Default of <see cref="MaxCacheItems"/>.</summary>
        public const int DefaultMaxCacheItems = 100;

        /// <summary>Spotlight's default sidecar URL, used when <see cref="Spotlight"/> is <c>"true"</c>.</summary>
        public const string DefaultSpotlightUrl = "http://localhost:8969/stream";

        /// <summary>The Sentry DSN, <c>{scheme}://{public_key}@{host}[:{port}]{path}/{project_id}</c>. Env: <c>SENTRY_DSN</c>.
        /// Null/empty: no Sentry destination (Spotlight or <see cref="EnvelopeDirectory"/> may still be used).</summary>
        public string? Dsn { get; set; }

        /// <summary>The environment (e.g. <c>production</c>). Env: <c>SENTRY_ENVIRONMENT</c>. Default <c>production</c>.</summary>
        public string? Environment { get; set; }

        /// <summary>The release (e.g. <c>my-app@1.2.3</c>). Env: <c>SENTRY_RELEASE</c>. Default: none.</summary>
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

        /// <summary>Spotlight sidecar: <c>null</c>/<c>"false"</c>/<c>"off"</c> off, <c>"true"</c>/<c>"on"</c> for <see cref="DefaultSpotlightUrl"/>, or an absolute http(s) URL. Env: <c>SENTRY_SPOTLIGHT</c>.</summary>
        public string? Spotlight { get; set; }

        /// <summary>Write every envelope as a file into this directory (offline use, debugging, tests). Default: off.</summary>
        public string? EnvelopeDirectory { get; set; }

        /// <summary>Persist envelopes that could not be delivered to the DSN here and send them later. Default: off.</summary>
        public string? CacheDirectory { get; set; }

        /// <summary>Most envelopes kept in <see cref="CacheDirectory"/>; the oldest are discarded (and counted) beyond it. Default 100.</summary>
        public int MaxCacheItems { get; set; } = DefaultMaxCacheItems;

        /// <summary>Send <c>client_report</c> items counting everything discarded. Default true.</summary>
        public bool SendClientReports { get; set; } = true;

        /// <summary>Batch (default) or simple export processor, as for the other OpenTelemetry exporters.</summary>
        public ExportProcessorType ExportProcessorType { get; set; } = ExportProcessorType.Batch;

        /// <summary>Options of the batch export processor (default schedule 1 s, queue 8192 spans).</summary>
        public BatchExportProcessorOptions<Activity> BatchExportProcessorOptions { get; set; } = new BatchExportProcessorOptions<Activity>
        {
            ScheduledDelayMilliseconds = 1000,
            MaxQueueSize = 8192,
            MaxExportBatchSize = 512,
        };
    }
}
