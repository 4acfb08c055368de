using System;
using System.Collections.Generic;
using System.Diagnostics;
using F = ActivityFlow.Internal.EnvelopeFields;

namespace ActivityFlow.Internal
{
    /// <summary>Writes one transaction event: the root span in <c>contexts.trace</c>, the others in <c>spans[]</c>.</summary>
    internal sealed class TransactionWriter
    {
        private static readonly byte[] CSharp = System.Text.Encoding.ASCII.GetBytes("csharp");

        private readonly TagWriter _tags;
        private readonly Func<IReadOnlyList<KeyValuePair<string, object>>> _resource;

        public TransactionWriter(TagWriter tags, Func<IReadOnlyList<KeyValuePair<string, object>>> resource)
        {
            _tags = tags;
            _resource = resource;
        }

        /// <summary>Writes the transaction of <paramref name="root"/> and <paramref name="count"/> spans from
        /// <paramref name="start"/> into <paramref name="w"/>, with <paramref name="eventId"/>; returns its length.</summary>
        public int Write(CompactJsonWriter w, byte[] eventId, EnvelopeIdentity identity, DateTime now, Activity root, Activity[] spans, int start, int count, Promotion promotion, ActivitySpanId splitOf)
        {
            SpanShape shape = SpanMapper.Map(root, LocalRoot.Is(root));
            w.Reset();

            w.StartObject();
            w.Name(F.EventId);
            w.AsciiString(eventId);
            w.Name(F.Type);
            w.AsciiString(EnvelopeFraming.TypeBytes(ItemKind.Transaction));
            w.Name(F.Platform);
            w.AsciiString(CSharp);
            w.Name(F.Transaction);
            w.String(shape.Description, 2000);
            w.StartObject(F.TransactionInfo);
            w.Name(F.Source);
            w.String(shape.Source);
            w.EndObject();
            w.Name(F.StartTimestamp);
            w.UnixSeconds(root.StartTimeUtc);
            w.Name(F.Timestamp);
            w.UnixSeconds(SpanFields.End(root, now));
            w.Properties(identity.EnvironmentAndRelease);
            w.Properties(ExporterSdk.Fragment);
            w.StartObject(F.Contexts);
            w.StartObject(F.Trace);
            SpanFields.WriteIds(w, root);
            WriteShape(w, in shape);
            w.StartObject(F.Data);
            var ignored = default(SpanMapper.Conventions);
            int tagsStart = w.Position;
            int dropped = _tags.WriteData(w, root, ref ignored);
            int tagsEnd = w.Position;
            WriteDataEnd(w, root, in shape, promotion, splitOf, dropped);
            w.EndObject(); // trace

            w.StartObject(F.Otel);
            w.StartObject(F.Attributes);
            w.CopyProperties(tagsStart, tagsEnd); // the same tags as data
            w.EndObject();
            w.StartObject(F.Resource);
            try
            {
                foreach (KeyValuePair<string, object> kv in _resource())
                {
                    w.Name(kv.Key);
                    JsonValues.WriteValue(w, kv.Value);
                }
            }
            catch (Exception e)
            {
                ActivityFlowEventSource.Log.ExporterError("resource", e);
            }

            w.EndObject(); // resource
            w.EndObject(); // otel

            if (shape.HttpStatusCode is int statusCode)
            {
                w.StartObject(F.Response);
                w.Name(F.StatusCode);
                w.Number(statusCode);
                w.EndObject();
            }

            w.EndObject(); // contexts

            w.StartArray(F.Spans);
            for (int i = start; i < start + count; i++)
            {
                WriteChildSpan(w, spans[i], now);
            }

            w.EndArray();
            w.EndObject();
            return w.Length;
        }

        /// <summary>A child span. Its tags are read once: written into <c>data</c> while the conventions that shape
        /// the span are gathered, so <c>op</c>, <c>description</c> and <c>status</c> follow <c>data</c>.</summary>
        private void WriteChildSpan(CompactJsonWriter w, Activity a, DateTime now)
        {
            w.StartObject();
            SpanFields.WriteIds(w, a);
            w.Name(F.StartTimestamp);
            w.UnixSeconds(a.StartTimeUtc);
            w.Name(F.Timestamp);
            w.UnixSeconds(SpanFields.End(a, now));
            w.StartObject(F.Data);
            var conventions = default(SpanMapper.Conventions);
            int dropped = _tags.WriteData(w, a, ref conventions);
            SpanShape shape = SpanMapper.Shape(a, isLocalRoot: false, ref conventions);
            WriteDataEnd(w, a, in shape, Promotion.None, default, dropped);
            WriteShape(w, in shape);
            w.EndObject();
        }

        /// <summary><c>op</c>, <c>description</c>, <c>status</c>, <c>origin</c>.</summary>
        private static void WriteShape(CompactJsonWriter w, in SpanShape shape)
        {
            w.Name(F.Op);
            w.String(shape.Op, 200);
            w.Name(F.Description);
            w.String(shape.Description);
            w.Name(F.Status);
            w.String(shape.Status);
            if (ReferenceEquals(shape.Origin, SpanMapper.Origin))
            {
                w.Properties(SpanFields.DefaultOrigin);
            }
            else
            {
                w.Name(F.Origin);
                w.String(shape.Origin, 200);
            }
        }

        /// <summary>The rest of <c>data</c> after the tags: <c>otel.kind</c>, the status description, the markers; and its end.</summary>
        private void WriteDataEnd(CompactJsonWriter w, Activity a, in SpanShape shape, Promotion promotion, ActivitySpanId splitOf, int dropped)
        {
            if (a.Kind != ActivityKind.Internal)
            {
                w.Properties(SpanFields.KindProperty(a.Kind));
            }

            if (!string.IsNullOrEmpty(shape.StatusDescription))
            {
                w.Name(F.OtelStatusDescription);
                w.String(shape.StatusDescription);
            }

            switch (promotion)
            {
                case Promotion.ParentAlreadySent:
                    w.Name(F.ParentAlreadySent);
                    w.Bool(true);
                    w.Name(F.Promotion);
                    w.String(Promotions.Name(promotion));
                    break;
                case Promotion.PendingTimeout:
                case Promotion.PendingOverflow:
                case Promotion.Flush:
                    w.Name(F.Orphan);
                    w.Bool(true);
                    w.Name(F.Promotion);
                    w.String(Promotions.Name(promotion));
                    break;
            }

            if (splitOf != default)
            {
                w.Name(F.ParentAlreadySent);
                w.Bool(true);
                w.Name(F.Promotion);
                w.String("span_limit");
                w.Name(F.SplitOf);
                w.Id(splitOf.ToHexString());
            }

            if (shape.Unfinished)
            {
                w.Name(F.Unfinished);
                w.Bool(true);
            }

            if (dropped > 0)
            {
                w.Name(F.DroppedAttributes);
                w.Number(dropped);
            }

            if (_tags.Compact)
            {
                w.Name(F.Truncated);
                w.Bool(true);
            }

            w.EndObject();
        }
    }
}
