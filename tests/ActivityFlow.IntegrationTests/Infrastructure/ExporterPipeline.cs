using System;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace ActivityFlow.IntegrationTests.Infrastructure;

/// <summary>
/// A tracer provider with OpenTelemetry's ASP.NET Core and HttpClient instrumentation whose only exporter is
/// ActivityFlow's, sending to a Spotlight sidecar through the exporter's private Sentry client.
/// </summary>
internal static class ExporterPipeline
{
    public const string Environment = "integration-tests";
    public const string Release = "activityflow-integration-tests@0.1.0";

    /// <param name="spotlightStreamUrl">Spotlight's `/stream` URL; no DSN is set, so Spotlight is the only destination.</param>
    /// <param name="envelopeDirectory">Where the exporter also writes each envelope it sends.</param>
    /// <param name="sources">The activity sources to export.</param>
    /// <param name="configure">Further exporter options for the test.</param>
    /// <param name="afterExporter">Processors that must see each span after the exporter did.</param>
    public static TracerProvider Build(
        string spotlightStreamUrl,
        string envelopeDirectory,
        string[] sources,
        Action<SentryExporterOptions>? configure = null,
        params BaseProcessor<Activity>[] afterExporter)
    {
        var builder = Sdk.CreateTracerProviderBuilder()
            .AddSource(sources)
            .SetSampler(new AlwaysOnSampler())
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddSentryExporter(options =>
            {
                options.Spotlight = spotlightStreamUrl;
                options.EnvelopeDirectory = envelopeDirectory;
                options.Environment = Environment;
                options.Release = Release;
                configure?.Invoke(options);
            });
        foreach (var processor in afterExporter)
        {
            builder.AddProcessor(processor);
        }

        return builder.Build() ?? throw new InvalidOperationException("The tracer provider builder returned null.");
    }
}
