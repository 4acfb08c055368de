using System;
using Sentry;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Which Sentry SDK the exporter sends through, decided per envelope (the application may initialise Sentry after
    /// the exporter starts): <c>SentryExporterOptions.Dsn</c> or <c>Spotlight</c> (the standalone setup) → a private
    /// client; else the application's hub (registered by <c>UseActivityFlow()</c>, or any hub <c>SentrySdk</c> holds);
    /// else <c>SENTRY_DSN</c> → a private client; else none.
    /// </summary>
    internal sealed class SentryDestinations : IDisposable
    {
        private readonly ExporterSettings _settings;
        private readonly object _gate = new object();
        private readonly EnvelopeIdentity _standalone;
        private PrivateSentry? _private;
        private SentryDestination? _app;
        private object? _appKey;
        private bool _disposed;

        public SentryDestinations(ExporterSettings settings)
        {
            _settings = settings;
            _standalone = IdentityFor(settings, null, settings.Dsn ?? settings.DsnFromEnvironment);
            if (settings.Dsn is not null || settings.SpotlightUrl is not null)
            {
                _private = PrivateSentry.Create(settings, settings.Dsn, _standalone);
            }
        }

        /// <summary>Where envelopes go now, or null.</summary>
        public SentryDestination? Current
        {
            get
            {
                if (_private is not null)
                {
                    return _private.Destination;
                }

                AppSentry.Registration? app = AppSentry.Current;
                if (app is not null && (!app.HubDisposed || ReferenceEquals(_appKey, app)))
                {
                    return App(app, app.Options.Transport, app.Hub, app.Options);
                }

                if (SentrySdk.IsEnabled)
                {
                    return App(Sentry.Extensibility.HubAdapter.Instance, null, Sentry.Extensibility.HubAdapter.Instance, null);
                }

                if (_settings.DsnFromEnvironment is not null)
                {
                    lock (_gate)
                    {
                        if (!_disposed)
                        {
                            _private ??= PrivateSentry.Create(_settings, _settings.DsnFromEnvironment, _standalone);
                        }

                        return _private?.Destination;
                    }
                }

                return null;
            }
        }

        /// <summary>What envelopes are written with now: the current destination's, else the exporter's own settings.</summary>
        public EnvelopeIdentity Identity => Current?.Identity ?? _standalone;

        /// <summary>
        /// What envelopes carry with a destination configured by <paramref name="sdk"/> (or none): an option set on the
        /// exporter wins, then the SDK's options, then the environment variable.
        /// </summary>
        internal static EnvelopeIdentity IdentityFor(ExporterSettings settings, SentryOptions? sdk, string? dsn) => new EnvelopeIdentity(
            settings.Environment ?? ExporterSettings.NonEmpty(sdk?.Environment) ?? settings.EnvironmentFromVariable ?? "production",
            settings.Release ?? ExporterSettings.NonEmpty(sdk?.Release) ?? settings.ReleaseFromVariable,
            ExporterSettings.PublicKeyOf(dsn));

        private SentryDestination App(object key, Sentry.Extensibility.ITransport? transport, ISentryClient client, SentryOptions? options)
        {
            SentryDestination? app = _app;
            if (app is not null && ReferenceEquals(_appKey, key))
            {
                return app;
            }

            lock (_gate)
            {
                if (_app is null || !ReferenceEquals(_appKey, key))
                {
                    string name = transport is null ? "the application's Sentry hub (SentrySdk.CaptureEnvelope)" : "the application's Sentry transport";
                    _app = new SentryDestination(name, transport, client, IdentityFor(_settings, options, options?.Dsn));
                    _appKey = key;
                    ActivityFlowEventSource.Log.Destination(name);
                }

                return _app;
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _private?.Dispose();
            }
        }
    }
}
