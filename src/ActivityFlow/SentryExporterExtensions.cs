using System;
using System.Diagnostics;
using ActivityFlow;
using OpenTelemetry;

namespace OpenTelemetry.Trace
{
    /// <summary>Registers <see cref="SentryExporter"/> with a <see cref="TracerProviderBuilder"/>.</summary>
    public static class SentryExporterTracerProviderBuilderExtensions
    {
        /// <summary>
        /// Adds the ActivityFlow Sentry exporter. Options are validated here: an invalid DSN or option throws
        /// <see cref="ArgumentException"/> naming the option. Unset options come from <c>SENTRY_DSN</c>,
        /// <c>SENTRY_ENVIRONMENT</c>, <c>SENTRY_RELEASE</c> and <c>SENTRY_SPOTLIGHT</c>.
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
            return builder.AddProcessor(processor);
        }
    }
}
