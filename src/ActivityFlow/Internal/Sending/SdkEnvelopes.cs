using System;
using System.Collections.Generic;
using Sentry.Protocol.Envelopes;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Hands a serialised envelope to the Sentry SDK as its <see cref="Envelope"/> type: headers as the SDK's dictionaries
    /// (it adds <c>sent_at</c> and the item's <c>length</c> itself), the payload as the exporter's bytes, not re-serialised.
    /// </summary>
    internal static class SdkEnvelopes
    {
        private static readonly IReadOnlyDictionary<string, object?> SdkHeader = new Dictionary<string, object?>
        {
            ["name"] = ExporterSdk.Name,
            ["version"] = ExporterSdk.Version,
        };

        /// <summary>An envelope over <paramref name="envelope"/>'s payload (valid while its buffer is), or over a copy.</summary>
        public static Envelope From(SerializedEnvelope envelope, bool copyPayload)
        {
            var header = new Dictionary<string, object?>(3, StringComparer.Ordinal) { ["sdk"] = SdkHeader };
            if (envelope.EventId is string eventId)
            {
                header["event_id"] = eventId;
            }

            if (envelope.TraceId is string traceId)
            {
                header["trace"] = SamplingContext(traceId, envelope.Identity);
            }

            ItemKind kind = envelope.Item.Kind;
            var itemHeader = new Dictionary<string, object?>(3, StringComparer.Ordinal) { ["type"] = EnvelopeFraming.TypeName(kind) };
            if (kind == ItemKind.Span)
            {
                itemHeader["item_count"] = envelope.Item.ItemCount;
            }

            if (EnvelopeFraming.ContentType(kind) is string contentType)
            {
                itemHeader["content_type"] = contentType;
            }

            ArraySegment<byte> payload = envelope.Payload;
            if (copyPayload)
            {
                payload = new ArraySegment<byte>(payload.AsSpan().ToArray());
            }

            return new Envelope(header, new[] { new EnvelopeItem(itemHeader, new PayloadBytes(payload)) });
        }

        private static Dictionary<string, object?> SamplingContext(string traceId, EnvelopeIdentity identity)
        {
            var dsc = new Dictionary<string, object?>(6, StringComparer.Ordinal) { ["trace_id"] = traceId };
            if (identity.PublicKey is not null)
            {
                dsc["public_key"] = identity.PublicKey;
            }

            dsc["environment"] = identity.Environment;
            if (identity.Release is not null)
            {
                dsc["release"] = identity.Release;
            }

            dsc["sample_rate"] = "1";
            dsc["sampled"] = "true";
            return dsc;
        }
    }
}
