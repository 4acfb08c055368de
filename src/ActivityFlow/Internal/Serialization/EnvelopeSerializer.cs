using System;
using System.Collections.Generic;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Turns grouping's work items into Sentry envelopes (UTF-8, <c>\n</c>-separated, item <c>length</c> in bytes), each
    /// in one buffer rented for it. Not thread-safe: the pipeline calls it under its lock.
    /// </summary>
    internal sealed class EnvelopeSerializer : IDisposable
    {
        private readonly TimeProvider _clock;
        private readonly Func<EnvelopeIdentity> _identity;
        private readonly CompactJsonWriter _payload = new CompactJsonWriter();
        private readonly EnvelopeFraming _framing;
        private readonly TransactionSplitter _transactions;
        private readonly SpanV2Writer _spans;

        public EnvelopeSerializer(TimeProvider clock, Func<EnvelopeIdentity> identity, Func<IReadOnlyList<KeyValuePair<string, object>>>? resource = null)
        {
            _clock = clock;
            _identity = identity;
            _framing = new EnvelopeFraming(clock);
            var tags = new TagWriter();
            var writer = new TransactionWriter(tags, resource ?? (() => Array.Empty<KeyValuePair<string, object>>()));
            _transactions = new TransactionSplitter(writer, tags, _framing, _payload);
            _spans = new SpanV2Writer(tags, _framing, _payload);
        }

        public List<SerializedEnvelope> Serialize(WorkItem item)
        {
            var result = new List<SerializedEnvelope>(1);
            Serialize(item, result);
            return result;
        }

        /// <summary>Appends the envelopes of <paramref name="item"/> to <paramref name="result"/>; each owns a pooled buffer (see <see cref="SerializedEnvelope.Release"/>).</summary>
        public void Serialize(WorkItem item, List<SerializedEnvelope> result)
        {
            EnvelopeIdentity identity = _identity();
            DateTime now = _clock.GetUtcNow().UtcDateTime; // the end of spans still running at shutdown
            switch (item)
            {
                case TransactionWork t:
                    _transactions.Serialize(t, identity, now, result);
                    break;
                case SpanBatchWork b:
                    _spans.Serialize(b, identity, now, result);
                    break;
            }
        }

        public void Dispose()
        {
            _payload.Dispose();
            _framing.Dispose();
        }
    }
}
