using System;
using System.Collections.Generic;
using System.Globalization;
using F = ActivityFlow.Internal.EnvelopeFields;

namespace ActivityFlow.Internal
{
    /// <summary>Writes what the exporter discarded as a <c>client_report</c> envelope. Not thread-safe: one per sender.</summary>
    internal sealed class ClientReportWriter : IDisposable
    {
        private readonly CompactJsonWriter _payload = new CompactJsonWriter(1024);
        private readonly EnvelopeFraming _framing;
        private readonly TimeProvider _clock;

        public ClientReportWriter(TimeProvider clock)
        {
            _clock = clock;
            _framing = new EnvelopeFraming(clock);
        }

        public SerializedEnvelope? Write(List<(DiscardReason Reason, DataCategory Category, long Quantity)> entries, EnvelopeIdentity identity)
        {
            if (entries.Count == 0)
            {
                return null;
            }

            CompactJsonWriter w = _payload;
            w.Reset();
            w.StartObject();
            w.Name(F.Timestamp);
            w.String(_clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            w.StartArray(F.DiscardedEvents);
            foreach ((DiscardReason reason, DataCategory category, long quantity) in entries)
            {
                w.StartObject();
                w.Name(F.Reason);
                w.String(Discards.Name(reason));
                w.Name(F.Category);
                w.String(Discards.Name(category));
                w.Name(F.Quantity);
                w.Number(quantity);
                w.EndObject();
            }

            w.EndArray();
            w.EndObject();
            return _framing.Frame(w, new ItemFrame(ItemKind.ClientReport, 1, DataCategory.Internal, 0, 0), trace: null, identity);
        }

        public void Dispose()
        {
            _payload.Dispose();
            _framing.Dispose();
        }
    }
}
