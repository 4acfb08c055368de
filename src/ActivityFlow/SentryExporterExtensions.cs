using System;
using System.Diagnostics;
using ActivityFlow;
using ActivityFlow.Internal;
using OpenTelemetry;

namespace OpenTelemetry.Trace
{
    /// <summary>Registers <see cref="SentryExporter"/> with a <see cref="TracerProviderBuilder"/>.</summary>
    public static class SentryExporterTracerProviderBuilderExtensions
    {
        /// <summary>
        /// Adds the ActivityFlow Sentry exporter. With no DSN it sends through the application's Sentry SDK (initialised
        /// with <c>SentryOptions.UseActivityFlow()</c>); with <see cref="SentryExporterOptions.Dsn"/> through a private
        /// Sentry client. Options are validated here: an invalid DSN or option throws <see cref="ArgumentException"/>
        /// naming the option. Spans still running at shutdown are exported as <c>deadline_exceeded</c>.
        /// </summary>
        public static TracerProviderBuilder AddSentryExporter(this TracerProviderBuilder builder, Action<SentryExporterOptions>? configure = null)
        {
            if (builder is null)
            {
                throw new ArgumentNullException(nameof(builder));
            }

            var options = new SentryExporterOptions();
            configure?.Invoke(options);
            var exporter = new SentryExporter(options);
            BaseProcessor<Activity> processor = options.ExportProcessorType == ExportProcessorType.Simple
                ? new SimpleActivityExportProcessor(exporter)
                : new BatchActivityExportProcessor(
                    exporter,
                    options.BatchExportProcessorOptions?.MaxQueueSize ?? SentryExporterOptions.DefaultMaxExportQueueSize,
                    options.BatchExportProcessorOptions?.ScheduledDelayMilliseconds ?? 1000,
                    options.BatchExportProcessorOptions?.ExporterTimeoutMilliseconds ?? 30000,
                    options.BatchExportProcessorOptions?.MaxExportBatchSize ?? 512);
            // After the export processor: it flushes the exporter once the export processor has flushed its queue.
            return builder.AddProcessor(new CompositeProcessor<Activity>(new[] { processor, new ExporterCompanionProcessor(exporter.Running, exporter) }));
        }
    }
}
