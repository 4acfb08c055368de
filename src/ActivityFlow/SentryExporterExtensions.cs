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
                    options.BatchExportProcessorOptions?.MaxQueueSize ?? 8192,
                    options.BatchExportProcessorOptions?.ScheduledDelayMilliseconds ?? 1000,
                    options.BatchExportProcessorOptions?.ExporterTimeoutMilliseconds ?? 30000,
                    options.BatchExportProcessorOptions?.MaxExportBatchSize ?? 512);
            if (exporter.Running is RunningSpans running)
            {
                // In front of the export processor: at shutdown it hands over the spans still running before the drain.
                processor = new CompositeProcessor<Activity>(new[] { new RunningSpanProcessor(running, exporter), processor });
            }

            return builder.AddProcessor(processor);
        }
    }
}
