using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OpenTelemetry;
using Sentry;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Sends the Sentry SDK's own requests with OpenTelemetry instrumentation suppressed, so that
    /// <c>AddHttpClientInstrumentation()</c> does not turn each envelope POST into a span that is exported, sent, and
    /// traced again.
    /// </summary>
    internal sealed class SuppressedHttpHandler : DelegatingHandler
    {
        private SuppressedHttpHandler(HttpMessageHandler inner)
            : base(inner)
        {
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using (SuppressInstrumentationScope.Begin())
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Wraps whatever handler <paramref name="options"/> would have used. The SDK applies <c>HttpProxy</c> and
        /// <c>DecompressionMethods</c> only to a bare <see cref="HttpClientHandler"/>, so that is done here for it.
        /// </summary>
        public static void Install(SentryOptions options)
        {
            Func<HttpMessageHandler>? previous = options.CreateHttpMessageHandler;
            options.CreateHttpMessageHandler = () =>
            {
                HttpMessageHandler inner = previous?.Invoke() ?? new HttpClientHandler();
                if (inner is HttpClientHandler handler)
                {
                    if (options.HttpProxy is not null)
                    {
                        handler.Proxy = options.HttpProxy;
                    }

                    try
                    {
                        handler.AutomaticDecompression = options.DecompressionMethods;
                    }
                    catch (PlatformNotSupportedException)
                    {
                        // as the SDK: no response decompression
                    }
                }

                return new SuppressedHttpHandler(inner);
            };
        }
    }
}
