using ActivityFlow.Internal;
using Sentry;

namespace ActivityFlow
{
    /// <summary>One Sentry setup for errors and traces: the Sentry SDK for errors, the ActivityFlow exporter for traces.</summary>
    public static class SentryOptionsExtensions
    {
        /// <summary>
        /// Makes this Sentry setup the one the ActivityFlow exporter sends through (<c>AddSentryExporter()</c> with no
        /// DSN): its DSN, environment, release, rate limits, client reports, offline cache, Spotlight, proxy and HTTP
        /// settings apply to the exported transactions. Every event Sentry captures gets the trace and span ids of
        /// <see cref="System.Diagnostics.Activity.Current"/>, so errors link to the exported transactions; Sentry's own
        /// transactions are never sampled (<see cref="SentryOptions.TracesSampler"/> returns 0: the Activities are the
        /// traces); and the SDK's own HTTP requests are not traced by OpenTelemetry's HttpClient instrumentation.
        /// With Sentry.AspNetCore also set <c>AutoRegisterTracing = false</c>: then Sentry starts no request transaction
        /// at all (with it on, each request still gets an unsampled one, counted by Sentry as <c>sample_rate</c>).
        /// </summary>
        public static SentryOptions UseActivityFlow(this SentryOptions options)
        {
            if (options is null)
            {
                throw new System.ArgumentNullException(nameof(options));
            }

            options.AddEventProcessor(new ActivityTraceContext());
            options.AddIntegration(new AppSentry.Integration());
            options.TracesSampler = static _ => 0.0;
            SuppressedHttpHandler.Install(options);
            return options;
        }
    }
}
