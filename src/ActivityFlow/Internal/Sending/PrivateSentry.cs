using System;
using OpenTelemetry;
using Sentry;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// The exporter's own <see cref="SentryClient"/> when the application has not initialised Sentry: built from the
    /// exporter's options, with no global side effects (no <c>SentrySdk.Init</c>, no hub, no integrations).
    /// </summary>
    internal sealed class PrivateSentry : IDisposable
    {
        private readonly SentryClient _client;

        private PrivateSentry(SentryClient client, SentryDestination destination)
        {
            _client = client;
            Destination = destination;
        }

        public SentryDestination Destination { get; }

        /// <summary>
        /// A client for <paramref name="dsn"/>, or for the Spotlight sidecar alone (the SDK needs a DSN: Spotlight's
        /// envelope endpoint serves as one). Built with instrumentation suppressed, so the SDK's background tasks never
        /// trace their own requests.
        /// </summary>
        public static PrivateSentry Create(ExporterSettings settings, string? dsn, EnvelopeIdentity identity)
        {
            var options = new SentryOptions
            {
                Dsn = dsn ?? SpotlightAsDsn(settings.SpotlightUrl!),
                Environment = identity.Environment,
                Release = identity.Release,
                SendClientReports = settings.SendClientReports,
                AutoSessionTracking = false,
                IsGlobalModeEnabled = false,
                InitCacheFlushTimeout = TimeSpan.Zero,
            };
            if (dsn is not null && settings.SpotlightUrl is not null)
            {
                options.EnableSpotlight = true;
                options.SpotlightUrl = settings.SpotlightUrl.ToString();
            }

            if (settings.CacheDirectory is not null)
            {
                options.CacheDirectoryPath = settings.CacheDirectory;
                options.MaxCacheItems = settings.MaxCacheItems;
            }

            SuppressedHttpHandler.Install(options);
            using (SuppressInstrumentationScope.Begin())
            {
                var client = new SentryClient(options);
                string name = dsn is null ? "Spotlight at " + settings.SpotlightUrl : "the exporter's Sentry client";
                ActivityFlowEventSource.Log.Destination(name);
                return new PrivateSentry(client, new SentryDestination(name, options.Transport, client, identity));
            }
        }

        /// <summary><c>http://host:port/stream</c> → a DSN whose envelope endpoint is Spotlight's <c>/api/0/envelope/</c>.</summary>
        private static string SpotlightAsDsn(Uri spotlight) => spotlight.Scheme + "://spotlight@" + spotlight.Authority + "/0";

        public void Dispose() => _client.Dispose();
    }
}
