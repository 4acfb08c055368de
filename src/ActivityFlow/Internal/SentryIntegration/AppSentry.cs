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

        /// <summary>
        /// Registers the hub when Sentry initialises. The registration outlives the hub: a host disposes Sentry before
        /// the tracer provider, whose shutdown then still hands its last envelopes to that transport (the SDK's HTTP
        /// transport keeps working; a disposed offline cache refuses them, and they are counted).
        /// </summary>
        internal sealed class Integration : ISdkIntegration
        {
            public void Register(IHub hub, SentryOptions options) =>
                System.Threading.Volatile.Write(ref s_current, new Registration(hub, options));
        }
    }
}
