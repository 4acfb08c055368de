using System;
using System.Threading;
using System.Threading.Tasks;
using Sentry;
using Sentry.Extensibility;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// A Sentry SDK to send through. With a composed <see cref="ITransport"/> (the application's hub registered by
    /// <c>UseActivityFlow()</c>, or the exporter's private client) envelopes skip the SDK's queue, whose bound
    /// (<c>MaxQueueItems</c>, shared with errors) would drop bursts; the exporter's own queue stands in front instead.
    /// Without one (an application hub from <c>SentrySdk.Init</c> without <c>UseActivityFlow()</c>) they go through
    /// <see cref="ISentryClient.CaptureEnvelope"/> and that queue.
    /// </summary>
    internal sealed class SentryDestination
    {
        private readonly ITransport? _transport;
        private readonly ISentryClient _client;

        public SentryDestination(string name, ITransport? transport, ISentryClient client, EnvelopeIdentity identity)
        {
            Name = name;
            _transport = transport;
            _client = client;
            Identity = identity;
        }

        public string Name { get; }

        /// <summary>Environment, release and public key of this destination.</summary>
        public EnvelopeIdentity Identity { get; }

        /// <summary>
        /// Hands <paramref name="envelope"/> over; when this returns, the SDK has sent it (or cached it, or counted it)
        /// and no longer reads its buffer. Returns false when the SDK's queue refused it (the SDK counted it).
        /// </summary>
        public async Task<bool> SendAsync(SerializedEnvelope envelope, CancellationToken cancellationToken)
        {
            if (_transport is null)
            {
                return _client.CaptureEnvelope(SdkEnvelopes.From(envelope, copyPayload: true));
            }

            await _transport.SendEnvelopeAsync(SdkEnvelopes.From(envelope, copyPayload: false), cancellationToken).ConfigureAwait(false);
            return true;
        }

        /// <summary>Waits for what the SDK still holds (its queue, its offline cache).</summary>
        public Task FlushAsync(TimeSpan timeout) => _client.FlushAsync(timeout);
    }
}
