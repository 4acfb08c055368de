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
        }

        /// <summary>Registers the hub when Sentry initialises, and lets go of it when the hub is disposed.</summary>
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
                System.Threading.Interlocked.CompareExchange(ref s_current, null, _registered);
            }
        }
    }
}
