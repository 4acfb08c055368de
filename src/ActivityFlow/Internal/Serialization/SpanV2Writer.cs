using System;
using System.Collections.Generic;
using System.Diagnostics;
using F = ActivityFlow.Internal.EnvelopeFields;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Stream mode: Span v2 envelopes (<c>{"version":2,"items":[…]}</c>), at most 1000 spans and one trace each; a
    /// container over 1 MB is halved until it fits.
    /// </summary>
    internal sealed class SpanV2Writer
    {
        /// <summary>Spans per Span v2 envelope (Relay drops larger containers).</summary>
        public const int MaxSpansPerEnvelope = 1000;

        private readonly TagWriter _tags;
        private readonly EnvelopeFraming _framing;
        private readonly CompactJsonWriter _payload;
        private readonly Dictionary<ActivitySpanId, Activity> _byId = new Dictionary<ActivitySpanId, Activity>();
        private Activity? _lastSegment;
        private string? _lastSegmentName;
        private EnvelopeIdentity _identity = null!;
        private DateTime _now;

        public SpanV2Writer(TagWriter tags, EnvelopeFraming framing, CompactJsonWriter payload)
        {
            _tags = tags;
            _framing = framing;
            _payload = payload;
        }

        public void Serialize(SpanBatchWork work, EnvelopeIdentity identity, DateTime now, List<SerializedEnvelope> result)
        {
            _identity = identity;
            _now = now;
            List<Activity> spans = work.Spans;
            Dictionary<ActivitySpanId, Activity>? byId = null;
            if (spans.Count > 1)
            {
                byId = _byId;
                byId.Clear();
                foreach (Activity a in spans)
                {
                    byId[a.SpanId] = a;
                }
            }

            try
            {
                for (int i = 0; i < spans.Count; i += MaxSpansPerEnvelope)
                {
                    AddChunk(work.TraceId, spans, i, Math.Min(MaxSpansPerEnvelope, spans.Count - i), byId, result);
                }
            }
            finally
            {
                _byId.Clear(); // let go of the activities
                _lastSegment = null;
                _lastSegmentName = null;
            }
        }

        private void AddChunk(ActivityTraceId traceId, List<Activity> spans, int start, int count, Dictionary<ActivitySpanId, Activity>? byId, List<SerializedEnvelope> result)
        {
            int payloadBytes = WriteItems(spans, start, count, byId);
            if (payloadBytes <= TransactionSplitter.MaxItemBytes || count == 1 && _tags.Compact)
            {
                result.Add(Frame(traceId, count));
                return;
            }

            if (count > 1)
            {
                int half = count / 2;
                AddChunk(traceId, spans, start, half, byId, result);
                AddChunk(traceId, spans, start + half, count - half, byId, result);
                return;
            }

            _tags.Compact = true;
            try
            {
                WriteItems(spans, start, count, byId);
                result.Add(Frame(traceId, count));
            }
            finally
            {
                _tags.Compact = false;
            }
        }

        private SerializedEnvelope Frame(ActivityTraceId traceId, int count) =>
            _framing.Frame(_payload, new ItemFrame(ItemKind.Span, count, DataCategory.Span, 0, count), traceId, _identity);

        /// <summary>Writes the Span v2 container into the payload writer; returns its length.</summary>
        private int WriteItems(List<Activity> spans, int start, int count, Dictionary<ActivitySpanId, Activity>? byId)
        {
            CompactJsonWriter w = _payload;
            w.Reset();
            w.StartObject();
            w.Name(F.Version);
            w.Number(2);
            w.StartArray(F.Items);
            for (int i = start; i < start + count; i++)
            {
                WriteSpan(w, spans[i], byId);
            }

            w.EndArray();
            w.EndObject();
            return w.Length;
        }

        private void WriteSpan(CompactJsonWriter w, Activity a, Dictionary<ActivitySpanId, Activity>? byId)
        {
            bool isSegment = LocalRoot.Is(a);
            w.StartObject();
            SpanFields.WriteIds(w, a);
            w.Name(F.IsSegment);
            w.Bool(isSegment);
            w.Name(F.StartTimestamp);
            w.UnixSeconds(a.StartTimeUtc);
            w.Name(F.EndTimestamp);
            w.UnixSeconds(SpanFields.End(a, _now));

            // The tags are read once: written as attributes while the conventions that shape the span are gathered.
            w.StartObject(F.Attributes);
            var conventions = default(SpanMapper.Conventions);
            int dropped = _tags.WriteAttributes(w, a, ref conventions);
            SpanShape shape = SpanMapper.Shape(a, isSegment, ref conventions);
            SpanFields.Typed(w, F.SentryOp, shape.Op, 200);
            SpanFields.Typed(w, F.SentryOrigin, shape.Origin, 200);
            w.Properties(_identity.SpanConstants);
            if (isSegment)
            {
                SpanFields.Typed(w, F.SentrySource, shape.Source);
                SpanFields.Typed(w, F.SentrySegmentId, a.SpanId.ToHexString());
                SpanFields.Typed(w, F.SentrySegmentName, shape.Description);
            }
            else if (FindSegment(a, byId) is Activity segment)
            {
                SpanFields.Typed(w, F.SentrySegmentId, segment.SpanId.ToHexString());
                SpanFields.Typed(w, F.SentrySegmentName, SegmentName(segment));
            }

            if (shape.IsError)
            {
                SpanFields.Typed(w, F.SentryStatusMessage, shape.StatusMessage ?? shape.Status);
            }

            if (a.Kind != ActivityKind.Internal)
            {
                SpanFields.Typed(w, F.OtelKind, SpanFields.KindName(a.Kind));
            }

            if (shape.Unfinished)
            {
                w.Name(F.Unfinished);
                JsonValues.WriteTyped(w, true, JsonValues.MaxStringLength);
            }

            if (dropped > 0)
            {
                w.Name(F.DroppedAttributes);
                JsonValues.WriteTyped(w, dropped, JsonValues.MaxStringLength);
            }

            if (_tags.Compact)
            {
                w.Name(F.Truncated);
                JsonValues.WriteTyped(w, true, JsonValues.MaxStringLength);
            }

            w.EndObject(); // attributes
            w.Name(F.Name);
            w.String(shape.Description);
            w.Name(F.Status);
            w.String(shape.IsError ? "error" : "ok");
            WriteLinks(w, a);
            w.EndObject();
        }

        private static void WriteLinks(CompactJsonWriter w, Activity a)
        {
            bool anyLink = false;
            foreach (ActivityLink link in a.Links)
            {
                if (!anyLink)
                {
                    w.StartArray(F.Links);
                    anyLink = true;
                }

                w.StartObject();
                w.Name(F.TraceId);
                w.Id(link.Context.TraceId.ToHexString());
                w.Name(F.SpanId);
                w.Id(link.Context.SpanId.ToHexString());
                w.Name(F.Sampled);
                w.Bool((link.Context.TraceFlags & ActivityTraceFlags.Recorded) != 0);
                bool anyAttr = false;
                if (link.Tags is not null)
                {
                    foreach (KeyValuePair<string, object?> kv in link.Tags)
                    {
                        if (!anyAttr)
                        {
                            w.StartObject(F.Attributes);
                            anyAttr = true;
                        }

                        w.Name(kv.Key);
                        JsonValues.WriteTyped(w, kv.Value, JsonValues.MaxStringLength);
                    }
                }

                if (anyAttr)
                {
                    w.EndObject();
                }

                w.EndObject();
            }

            if (anyLink)
            {
                w.EndArray();
            }
        }

        /// <summary>A segment's name, mapped once for all the spans of a batch that belong to it.</summary>
        private string SegmentName(Activity segment)
        {
            if (!ReferenceEquals(segment, _lastSegment))
            {
                _lastSegmentName = SpanMapper.Map(segment, isLocalRoot: true).Description;
                _lastSegment = segment;
            }

            return _lastSegmentName!;
        }

        private static Activity? FindSegment(Activity a, Dictionary<ActivitySpanId, Activity>? byId)
        {
            if (byId is null)
            {
                return null;
            }

            Activity current = a;
            for (int depth = 0; depth < 256; depth++)
            {
                if (LocalRoot.Is(current))
                {
                    return ReferenceEquals(current, a) ? null : current;
                }

                if (!byId.TryGetValue(current.ParentSpanId, out Activity? parent))
                {
                    return null;
                }

                current = parent;
            }

            return null;
        }
    }
}
