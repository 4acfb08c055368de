using Sentry;
using Sentry.Integrations;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// The application's Sentry, as <c>SentryOptions.UseActivityFlow()</c> registered it when the SDK initialised: its
    /// hub (to flush) and its options, whose composed <see cref="SentryOptions.Transport"/> (rate limits, client reports,
    /// offline cache, Spotlight, proxy) the exporter sends through.
    /// </summary>
    internal static class AppSentry
    {
        private static Registration? s_current;

        /// <summary>The registration of the hub initialised last, or null.</summary>
        public static Registration? Current => System.Threading.Volatile.Read(ref s_current);

        internal sealed class Registration
        {
            public Registration(IHub hub, SentryOptions options)
            {
                Hub = hub;
                Options = options;
            }

            public IHub Hub { get; }

            public SentryOptions Options { get; }

            /// <summary>The hub was disposed: exporters already sending through it go on (see <see cref="Integration"/>), new ones do not start.</summary>
            public bool HubDisposed { get; set; }
        }

        /// <summary>
        /// Registers the hub when Sentry initialises. The registration outlives the hub for the exporters already
        /// sending through it: a host disposes Sentry before the tracer provider, whose shutdown then still hands its
        /// last envelopes to that transport (the SDK's HTTP transport keeps working; a disposed offline cache refuses
        /// them, and they are counted).
        /// </summary>
        internal sealed class Integration : ISdkIntegration, System.IDisposable
        {
            private Registration? _registered;

            public void Register(IHub hub, SentryOptions options)
            {
                _registered = new Registration(hub, options);
                System.Threading.Volatile.Write(ref s_current, _registered);
            }

            public void Dispose()
            {
                if (_registered is not null)
                {
                    _registered.HubDisposed = true;
                }
            }
        }
    }
}
