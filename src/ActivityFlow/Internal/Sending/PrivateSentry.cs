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
        /// A client for <paramref name="dsn"/>, or for the Spotlight sidecar alone (the SDK needs a DSN: a placeholder,
        /// with an inner transport that sends nowhere, under the SDK's own Spotlight transport). Built with
        /// instrumentation suppressed, so the SDK's background tasks never trace their own requests.
        /// </summary>
        public static PrivateSentry Create(ExporterSettings settings, string? dsn, EnvelopeIdentity identity)
        {
            var options = new SentryOptions
            {
                Dsn = dsn ?? "http://spotlight@localhost/0",
                Environment = identity.Environment,
                Release = identity.Release,
                SendClientReports = settings.SendClientReports,
                AutoSessionTracking = false,
                IsGlobalModeEnabled = false,
                InitCacheFlushTimeout = TimeSpan.Zero,
            };
            if (settings.SpotlightUrl is not null)
            {
                options.EnableSpotlight = true;
                options.SpotlightUrl = settings.SpotlightUrl.ToString();
                if (dsn is null)
                {
                    options.Transport = new NoSentry();
                }
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

        /// <summary>Spotlight alone: the SDK's Spotlight transport sends, the Sentry side under it does nothing.</summary>
        private sealed class NoSentry : Sentry.Extensibility.ITransport
        {
            public System.Threading.Tasks.Task SendEnvelopeAsync(Sentry.Protocol.Envelopes.Envelope envelope, System.Threading.CancellationToken cancellationToken = default) =>
                System.Threading.Tasks.Task.CompletedTask;
        }

        public void Dispose() => _client.Dispose();
    }
}
