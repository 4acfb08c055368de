using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Turns work items into Sentry envelopes (UTF-8, <c>\n</c>-separated, item <c>length</c> in bytes) with
    /// <see cref="Utf8JsonWriter"/> into pooled buffers. One instance per thread.
    /// </summary>
    internal sealed class EnvelopeSerializer : IDisposable
    {
        public const string SdkName = "sentry.dotnet.activityflow";
        public static readonly string SdkVersion = typeof(EnvelopeSerializer).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";
        public const string SpanV2ContentType = "application/vnd.sentry.items.span.v2+json";

        /// <summary>Relay's limit for one event/transaction/span item is 1 MiB; stay under it.</summary>
        public const int MaxItemBytes = 1000 * 1000;

        /// <summary>Child spans per transaction (Sentry keeps at most 1000).</summary>
        public const int MaxSpansPerTransaction = 1000;

        /// <summary>Spans per Span v2 envelope (Relay drops larger containers).</summary>
        public const int MaxSpansPerEnvelope = 1000;

        public const int MaxAttributesPerSpan = 2048;
        private const int CompactMaxAttributes = 64;
        private const int CompactMaxString = 512;

        public const string MarkerParentAlreadySent = "sentry.parent_span_already_sent";
        public const string MarkerPromotion = "activityflow.promotion";
        public const string MarkerOrphan = "activityflow.orphan";
        public const string MarkerSplitOf = "activityflow.split_of";
        public const string MarkerTruncated = "activityflow.truncated";
        public const string MarkerDroppedAttributes = "activityflow.dropped_attributes";

        private readonly ExporterSettings _settings;
        private readonly TimeProvider _clock;
        private readonly Func<IReadOnlyList<KeyValuePair<string, object>>> _resource;
        private readonly PooledBufferWriter _payload = new PooledBufferWriter();
        private readonly PooledBufferWriter _header = new PooledBufferWriter(1024);
        private readonly Utf8JsonWriter _writer;
        private readonly Utf8JsonWriter _headerWriter;
        private readonly byte[] _eventId = new byte[32];
        private readonly byte[] _eventIdBits = new byte[16];
#if NET8_0_OR_GREATER
        private readonly Random _random = new Random(); // xoshiro256**, seeded from OS entropy
#else
        private readonly Random _random = new Random(Guid.NewGuid().GetHashCode()); // .NET Framework would seed from the tick count
#endif
        private readonly TagKeyCache _tagKeys = new TagKeyCache();
        private readonly JsonEncodedText _environment;
        private readonly JsonEncodedText? _release;
        private bool _compact;

        public EnvelopeSerializer(ExporterSettings settings, TimeProvider clock, Func<IReadOnlyList<KeyValuePair<string, object>>>? resource = null)
        {
            _settings = settings;
            _clock = clock;
            _resource = resource ?? (() => Array.Empty<KeyValuePair<string, object>>());
            _writer = new Utf8JsonWriter(_payload, JsonValues.WriterOptions);
            _headerWriter = new Utf8JsonWriter(_header, JsonValues.WriterOptions);
            _environment = EnvelopeFields.Encode(JsonValues.Clean(settings.Environment));
            _release = settings.Release is null ? null : EnvelopeFields.Encode(JsonValues.Clean(settings.Release));
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
            switch (item)
            {
                case TransactionWork t:
                    SerializeTransaction(t, result);
                    break;
                case SpanBatchWork b:
                    SerializeSpanBatch(b, result);
                    break;
            }
        }

        // ---------------------------------------------------------------- transactions (static mode)

        private static readonly Comparison<Activity> ByStartTime = static (a, b) => a.StartTimeUtc.CompareTo(b.StartTimeUtc);

        private void SerializeTransaction(TransactionWork work, List<SerializedEnvelope> result)
        {
            Activity[] rest = work.Descendants;
            if (rest.Length > 1)
            {
                Array.Sort(rest, ByStartTime);
            }

            int first = Math.Min(rest.Length, MaxSpansPerTransaction);
            AddChunk(work.Root, rest, 0, first, work.Promotion, default, result);
            int index = first;
            while (index < rest.Length)
            {
                Activity chunkRoot = rest[index];
                int count = Math.Min(rest.Length - index - 1, MaxSpansPerTransaction);
                AddChunk(chunkRoot, rest, index + 1, count, Promotion.None, work.Root.SpanId, result);
                index += 1 + count;
            }
        }

        /// <summary>Serialises one transaction; halves it while the payload is over <see cref="MaxItemBytes"/>.</summary>
        private void AddChunk(Activity root, Activity[] spans, int start, int count, Promotion promotion, ActivitySpanId splitOf, List<SerializedEnvelope> result)
        {
            int payloadBytes = WriteTransaction(root, spans, start, count, promotion, splitOf);
            if (payloadBytes <= MaxItemBytes)
            {
                result.Add(FrameTransaction(root, count));
                return;
            }

            if (count > 1)
            {
                int keep = count / 2;
                AddChunk(root, spans, start, keep, promotion, splitOf, result);
                ActivitySpanId origin = splitOf == default ? root.SpanId : splitOf;
                AddChunk(spans[start + keep], spans, start + keep + 1, count - keep - 1, Promotion.None, origin, result);
                return;
            }

            if (count == 1)
            {
                // Root alone, then the one span as its own transaction.
                AddChunk(root, spans, start, 0, promotion, splitOf, result);
                AddChunk(spans[start], spans, start + 1, 0, Promotion.None, splitOf == default ? root.SpanId : splitOf, result);
                return;
            }

            _compact = true;
            try
            {
                WriteTransaction(root, spans, start, 0, promotion, splitOf);
                result.Add(FrameTransaction(root, 0));
            }
            finally
            {
                _compact = false;
            }
        }

        private SerializedEnvelope FrameTransaction(Activity root, int count) =>
            Frame(EnvelopeFields.TransactionType, "application/json", itemCount: null, withEventId: true, root.TraceId, DataCategory.Transaction, 1, count + 1);

        /// <summary>Writes the transaction event into <see cref="_payload"/> (and a new event id into <see cref="_eventId"/>); returns its length.</summary>
        private int WriteTransaction(Activity root, Activity[] spans, int start, int count, Promotion promotion, ActivitySpanId splitOf)
        {
            bool isLocalRoot = IsLocalRoot(root);
            SpanShape shape = SpanMapper.Map(root, isLocalRoot);
            NewEventId();
            Utf8JsonWriter w = _writer;
            _payload.Clear();
            w.Reset(_payload);

            w.WriteStartObject();
            w.WriteString(EnvelopeFields.EventId, _eventId);
            w.WriteString(EnvelopeFields.Type, EnvelopeFields.TransactionType);
            w.WriteString(EnvelopeFields.Platform, EnvelopeFields.CSharp);
            w.WriteString(EnvelopeFields.Transaction, JsonValues.Clean(shape.Description, 2000));
            w.WriteStartObject(EnvelopeFields.TransactionInfo);
            w.WriteString(EnvelopeFields.Source, shape.Source);
            w.WriteEndObject();
            JsonValues.WriteUnixSeconds(w, EnvelopeFields.StartTimestamp, root.StartTimeUtc);
            JsonValues.WriteUnixSeconds(w, EnvelopeFields.Timestamp, End(root));
            w.WriteString(EnvelopeFields.Environment, _environment);
            if (_release is JsonEncodedText release)
            {
                w.WriteString(EnvelopeFields.Release, release);
            }

            WriteSdk(w);
            w.WriteStartObject(EnvelopeFields.Contexts);
            w.WriteStartObject(EnvelopeFields.Trace);
            w.WriteString(EnvelopeFields.TraceId, root.TraceId.ToHexString());
            w.WriteString(EnvelopeFields.SpanId, root.SpanId.ToHexString());
            if (root.ParentSpanId != default)
            {
                w.WriteString(EnvelopeFields.ParentSpanId, root.ParentSpanId.ToHexString());
            }

            WriteShape(w, in shape);
            w.WritePropertyName(EnvelopeFields.Data);
            WriteData(w, root, in shape, promotion, splitOf);
            w.WriteEndObject(); // trace

            w.WriteStartObject(EnvelopeFields.Otel);
            w.WriteStartObject(EnvelopeFields.Attributes);
            WriteTagProperties(w, root);
            w.WriteEndObject();
            w.WriteStartObject(EnvelopeFields.Resource);
            try
            {
                foreach (KeyValuePair<string, object> kv in _resource())
                {
                    w.WritePropertyName(JsonValues.Key(kv.Key));
                    JsonValues.WriteValue(w, kv.Value);
                }
            }
            catch (Exception e) when (e is not JsonException)
            {
                ActivityFlowEventSource.Log.ExporterError("resource", e);
            }

            w.WriteEndObject(); // resource
            w.WriteEndObject(); // otel

            if (shape.HttpStatusCode is int statusCode)
            {
                w.WriteStartObject(EnvelopeFields.Response);
                w.WriteNumber(EnvelopeFields.StatusCode, statusCode);
                w.WriteEndObject();
            }

            w.WriteEndObject(); // contexts

            w.WriteStartArray(EnvelopeFields.Spans);
            for (int i = start; i < start + count; i++)
            {
                WriteChildSpan(w, spans[i]);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.Flush();
            return _payload.WrittenCount;
        }

        private void WriteChildSpan(Utf8JsonWriter w, Activity a)
        {
            SpanShape shape = SpanMapper.Map(a, isLocalRoot: false);
            w.WriteStartObject();
            w.WriteString(EnvelopeFields.SpanId, a.SpanId.ToHexString());
            if (a.ParentSpanId != default)
            {
                w.WriteString(EnvelopeFields.ParentSpanId, a.ParentSpanId.ToHexString());
            }

            w.WriteString(EnvelopeFields.TraceId, a.TraceId.ToHexString());
            WriteShape(w, in shape);
            JsonValues.WriteUnixSeconds(w, EnvelopeFields.StartTimestamp, a.StartTimeUtc);
            JsonValues.WriteUnixSeconds(w, EnvelopeFields.Timestamp, End(a));
            w.WritePropertyName(EnvelopeFields.Data);
            WriteData(w, a, in shape, Promotion.None, default);
            w.WriteEndObject();
        }

        /// <summary><c>op</c>, <c>description</c>, <c>status</c>, <c>origin</c>.</summary>
        private static void WriteShape(Utf8JsonWriter w, in SpanShape shape)
        {
            w.WriteString(EnvelopeFields.Op, JsonValues.Clean(shape.Op, 200));
            w.WriteString(EnvelopeFields.Description, JsonValues.Clean(shape.Description));
            w.WriteString(EnvelopeFields.Status, shape.Status);
            w.WriteString(EnvelopeFields.Origin, JsonValues.Clean(shape.Origin, 200));
        }

        /// <summary><c>data</c>: the tags, <c>otel.kind</c>, and the promotion markers.</summary>
        private void WriteData(Utf8JsonWriter w, Activity a, in SpanShape shape, Promotion promotion, ActivitySpanId splitOf)
        {
            w.WriteStartObject();
            int dropped = WriteTagProperties(w, a);
            if (a.Kind != ActivityKind.Internal)
            {
                w.WriteString(EnvelopeFields.OtelKind, KindName(a.Kind));
            }

            if (!string.IsNullOrEmpty(shape.StatusDescription))
            {
                w.WriteString(EnvelopeFields.OtelStatusDescription, JsonValues.Clean(shape.StatusDescription));
            }

            switch (promotion)
            {
                case Promotion.ParentAlreadySent:
                    w.WriteBoolean(Markers.ParentAlreadySent, true);
                    w.WriteString(Markers.Promotion, Names.Of(promotion));
                    break;
                case Promotion.PendingTimeout:
                case Promotion.PendingOverflow:
                case Promotion.Flush:
                    w.WriteBoolean(Markers.Orphan, true);
                    w.WriteString(Markers.Promotion, Names.Of(promotion));
                    break;
            }

            if (splitOf != default)
            {
                w.WriteBoolean(Markers.ParentAlreadySent, true);
                w.WriteString(Markers.Promotion, "span_limit");
                w.WriteString(Markers.SplitOf, splitOf.ToHexString());
            }

            if (dropped > 0)
            {
                w.WriteNumber(Markers.DroppedAttributes, dropped);
            }

            if (_compact)
            {
                w.WriteBoolean(Markers.Truncated, true);
            }

            w.WriteEndObject();
        }

        /// <summary>The marker attribute names, encoded once.</summary>
        private static class Markers
        {
            public static readonly JsonEncodedText ParentAlreadySent = EnvelopeFields.Encode(MarkerParentAlreadySent);
            public static readonly JsonEncodedText Promotion = EnvelopeFields.Encode(MarkerPromotion);
            public static readonly JsonEncodedText Orphan = EnvelopeFields.Encode(MarkerOrphan);
            public static readonly JsonEncodedText SplitOf = EnvelopeFields.Encode(MarkerSplitOf);
            public static readonly JsonEncodedText Truncated = EnvelopeFields.Encode(MarkerTruncated);
            public static readonly JsonEncodedText DroppedAttributes = EnvelopeFields.Encode(MarkerDroppedAttributes);
        }

        /// <summary>Writes tags as properties; returns how many were left out (over the limit, or reserved marker keys).</summary>
        private int WriteTagProperties(Utf8JsonWriter w, Activity a)
        {
            int max = _compact ? CompactMaxAttributes : MaxAttributesPerSpan;
            int written = 0;
            int dropped = 0;
            foreach (KeyValuePair<string, object?> tag in a.EnumerateTagObjects())
            {
                if (written >= max || tag.Key is null || IsReserved(tag.Key))
                {
                    dropped++;
                    continue;
                }

                _tagKeys.WritePropertyName(w, tag.Key);
                if (_compact && tag.Value is string s && s.Length > CompactMaxString)
                {
                    w.WriteStringValue(JsonValues.Clean(s, CompactMaxString));
                }
                else
                {
                    JsonValues.WriteValue(w, tag.Value);
                }

                written++;
            }

            return dropped;
        }

        /// <summary>Keys the exporter writes itself: a tag of the same name would make a duplicate JSON property.</summary>
        private static bool IsReserved(string key) =>
            key.Length >= 9 && (key == "otel.kind" || key == "otel.status_description" || key == MarkerParentAlreadySent || key.StartsWith("activityflow.", StringComparison.Ordinal));

        // ---------------------------------------------------------------- Span v2 (stream mode)

        private void SerializeSpanBatch(SpanBatchWork work, List<SerializedEnvelope> result)
        {
            List<Activity> spans = work.Spans;
            Dictionary<ActivitySpanId, Activity>? byId = null;
            if (spans.Count > 1)
            {
                byId = new Dictionary<ActivitySpanId, Activity>(spans.Count);
                foreach (Activity a in spans)
                {
                    byId[a.SpanId] = a;
                }
            }

            for (int i = 0; i < spans.Count; i += MaxSpansPerEnvelope)
            {
                AddSpanChunk(work.TraceId, spans, i, Math.Min(MaxSpansPerEnvelope, spans.Count - i), byId, result);
            }
        }

        private void AddSpanChunk(ActivityTraceId traceId, List<Activity> spans, int start, int count, Dictionary<ActivitySpanId, Activity>? byId, List<SerializedEnvelope> result)
        {
            int payloadBytes = WriteSpanItems(spans, start, count, byId);
            if (payloadBytes <= MaxItemBytes || count == 1 && _compact)
            {
                result.Add(FrameSpans(traceId, count));
                return;
            }

            if (count > 1)
            {
                int half = count / 2;
                AddSpanChunk(traceId, spans, start, half, byId, result);
                AddSpanChunk(traceId, spans, start + half, count - half, byId, result);
                return;
            }

            _compact = true;
            try
            {
                WriteSpanItems(spans, start, count, byId);
                result.Add(FrameSpans(traceId, count));
            }
            finally
            {
                _compact = false;
            }
        }

        private SerializedEnvelope FrameSpans(ActivityTraceId traceId, int count) =>
            Frame(SpanItemType, SpanV2ContentType, count, withEventId: false, traceId, DataCategory.Span, 0, count);

        /// <summary>Writes the Span v2 container into <see cref="_payload"/>; returns its length.</summary>
        private int WriteSpanItems(List<Activity> spans, int start, int count, Dictionary<ActivitySpanId, Activity>? byId)
        {
            Utf8JsonWriter w = _writer;
            _payload.Clear();
            w.Reset(_payload);
            w.WriteStartObject();
            w.WriteNumber(EnvelopeFields.Version, 2);
            w.WriteStartArray(EnvelopeFields.Items);
            for (int i = start; i < start + count; i++)
            {
                WriteSpanV2(w, spans[i], byId);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.Flush();
            return _payload.WrittenCount;
        }

        private void WriteSpanV2(Utf8JsonWriter w, Activity a, Dictionary<ActivitySpanId, Activity>? byId)
        {
            bool isSegment = IsLocalRoot(a);
            SpanShape shape = SpanMapper.Map(a, isSegment);
            w.WriteStartObject();
            w.WriteString(EnvelopeFields.TraceId, a.TraceId.ToHexString());
            w.WriteString(EnvelopeFields.SpanId, a.SpanId.ToHexString());
            if (a.ParentSpanId != default)
            {
                w.WriteString(EnvelopeFields.ParentSpanId, a.ParentSpanId.ToHexString());
            }

            w.WriteString(EnvelopeFields.Name, JsonValues.Clean(shape.Description));
            w.WriteString(EnvelopeFields.Status, shape.IsError ? "error" : "ok");
            w.WriteBoolean(EnvelopeFields.IsSegment, isSegment);
            JsonValues.WriteUnixSeconds(w, EnvelopeFields.StartTimestamp, a.StartTimeUtc);
            JsonValues.WriteUnixSeconds(w, EnvelopeFields.EndTimestamp, End(a));

            w.WriteStartObject(EnvelopeFields.Attributes);
            int max = _compact ? CompactMaxAttributes : MaxAttributesPerSpan;
            int written = 0;
            int dropped = 0;
            foreach (KeyValuePair<string, object?> tag in a.EnumerateTagObjects())
            {
                if (written >= max || tag.Key is null || tag.Key == "otel.kind" || tag.Key.StartsWith("sentry.", StringComparison.Ordinal) || tag.Key.StartsWith("activityflow.", StringComparison.Ordinal))
                {
                    if (tag.Key is null || written >= max)
                    {
                        dropped++;
                    }

                    continue;
                }

                _tagKeys.WritePropertyName(w, tag.Key);
                JsonValues.WriteTyped(w, _compact && tag.Value is string s && s.Length > CompactMaxString ? JsonValues.Clean(s, CompactMaxString) : tag.Value);
                written++;
            }

            Typed(w, SpanAttributes.Op, JsonValues.Clean(shape.Op, 200));
            Typed(w, SpanAttributes.Origin, JsonValues.Clean(shape.Origin, 200));
            Typed(w, SpanAttributes.Environment, _environment);
            if (_release is JsonEncodedText release)
            {
                Typed(w, SpanAttributes.Release, release);
            }

            Typed(w, SpanAttributes.SdkName, SpanAttributes.SdkNameValue);
            Typed(w, SpanAttributes.SdkVersion, SpanAttributes.SdkVersionValue);
            if (isSegment)
            {
                Typed(w, SpanAttributes.Source, shape.Source);
                Typed(w, SpanAttributes.SegmentId, a.SpanId.ToHexString());
                Typed(w, SpanAttributes.SegmentName, JsonValues.Clean(shape.Description));
            }
            else if (FindSegment(a, byId) is Activity segment)
            {
                Typed(w, SpanAttributes.SegmentId, segment.SpanId.ToHexString());
                Typed(w, SpanAttributes.SegmentName, JsonValues.Clean(SpanMapper.Map(segment, true).Description));
            }

            if (shape.IsError)
            {
                Typed(w, SpanAttributes.StatusMessage, JsonValues.Clean(shape.StatusMessage ?? shape.Status));
            }

            if (a.Kind != ActivityKind.Internal)
            {
                Typed(w, EnvelopeFields.OtelKind, KindName(a.Kind));
            }

            if (dropped > 0)
            {
                w.WritePropertyName(Markers.DroppedAttributes);
                JsonValues.WriteTyped(w, dropped);
            }

            if (_compact)
            {
                w.WritePropertyName(Markers.Truncated);
                JsonValues.WriteTyped(w, true);
            }

            w.WriteEndObject(); // attributes

            bool anyLink = false;
            foreach (ActivityLink link in a.Links)
            {
                if (!anyLink)
                {
                    w.WriteStartArray(EnvelopeFields.Links);
                    anyLink = true;
                }

                w.WriteStartObject();
                w.WriteString(EnvelopeFields.TraceId, link.Context.TraceId.ToHexString());
                w.WriteString(EnvelopeFields.SpanId, link.Context.SpanId.ToHexString());
                w.WriteBoolean(EnvelopeFields.Sampled, (link.Context.TraceFlags & ActivityTraceFlags.Recorded) != 0);
                bool anyAttr = false;
                if (link.Tags is not null)
                {
                    foreach (KeyValuePair<string, object?> kv in link.Tags)
                    {
                        if (!anyAttr)
                        {
                            w.WriteStartObject(EnvelopeFields.Attributes);
                            anyAttr = true;
                        }

                        w.WritePropertyName(JsonValues.Key(kv.Key));
                        JsonValues.WriteTyped(w, kv.Value);
                    }
                }

                if (anyAttr)
                {
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            if (anyLink)
            {
                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        /// <summary>The <c>sentry.*</c> attribute names of Span v2, encoded once.</summary>
        private static class SpanAttributes
        {
            public static readonly JsonEncodedText Op = EnvelopeFields.Encode("sentry.op");
            public static readonly JsonEncodedText Origin = EnvelopeFields.Encode("sentry.origin");
            public static readonly JsonEncodedText Environment = EnvelopeFields.Encode("sentry.environment");
            public static readonly JsonEncodedText Release = EnvelopeFields.Encode("sentry.release");
            public static readonly JsonEncodedText SdkName = EnvelopeFields.Encode("sentry.sdk.name");
            public static readonly JsonEncodedText SdkVersion = EnvelopeFields.Encode("sentry.sdk.version");
            public static readonly JsonEncodedText Source = EnvelopeFields.Encode("sentry.span.source");
            public static readonly JsonEncodedText SegmentId = EnvelopeFields.Encode("sentry.segment.id");
            public static readonly JsonEncodedText SegmentName = EnvelopeFields.Encode("sentry.segment.name");
            public static readonly JsonEncodedText StatusMessage = EnvelopeFields.Encode("sentry.status.message");
            public static readonly JsonEncodedText SdkNameValue = EnvelopeFields.Encode(EnvelopeSerializer.SdkName);
            public static readonly JsonEncodedText SdkVersionValue = EnvelopeFields.Encode(EnvelopeSerializer.SdkVersion);
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
                if (IsLocalRoot(current))
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

        private static void Typed(Utf8JsonWriter w, JsonEncodedText key, string value)
        {
            w.WriteStartObject(key);
            w.WriteString(EnvelopeFields.Type, EnvelopeFields.StringType);
            w.WriteString(EnvelopeFields.Value, value);
            w.WriteEndObject();
        }

        private static void Typed(Utf8JsonWriter w, JsonEncodedText key, JsonEncodedText value)
        {
            w.WriteStartObject(key);
            w.WriteString(EnvelopeFields.Type, EnvelopeFields.StringType);
            w.WriteString(EnvelopeFields.Value, value);
            w.WriteEndObject();
        }

        // ---------------------------------------------------------------- client reports

        public SerializedEnvelope? SerializeClientReport(List<(DiscardReason Reason, DataCategory Category, long Quantity)> entries)
        {
            if (entries.Count == 0)
            {
                return null;
            }

            Utf8JsonWriter w = _writer;
            _payload.Clear();
            w.Reset(_payload);
            w.WriteStartObject();
            w.WriteString("timestamp", _clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            w.WriteStartArray("discarded_events");
            foreach ((DiscardReason reason, DataCategory category, long quantity) in entries)
            {
                w.WriteStartObject();
                w.WriteString("reason", Names.Of(reason));
                w.WriteString("category", Names.Of(category));
                w.WriteNumber("quantity", quantity);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.Flush();
            return Frame(ClientReportItemType, contentType: null, itemCount: null, withEventId: false, trace: null, DataCategory.Internal, 0, 0);
        }

        // ---------------------------------------------------------------- shared pieces

        private static readonly JsonEncodedText SpanItemType = EnvelopeFields.Encode("span");
        private static readonly JsonEncodedText ClientReportItemType = EnvelopeFields.Encode("client_report");

        /// <summary>
        /// Envelope header line, item header line (with <c>length</c> in bytes), the payload in <see cref="_payload"/>,
        /// newline, copied into one buffer rented for the envelope (the transport returns it after sending).
        /// </summary>
        private SerializedEnvelope Frame(JsonEncodedText itemType, string? contentType, int? itemCount, bool withEventId, ActivityTraceId? trace, DataCategory category, int transactions, int spans)
        {
            _header.Clear();
            Utf8JsonWriter hw = _headerWriter;
            hw.Reset(_header);
            hw.WriteStartObject();
            if (withEventId)
            {
                hw.WriteString(EnvelopeFields.EventId, _eventId);
            }

            WriteSentAt(hw);
            WriteSdk(hw);
            if (trace is ActivityTraceId traceId)
            {
                WriteDynamicSamplingContext(hw, traceId);
            }

            hw.WriteEndObject();
            hw.Flush();
            _header.WriteByte((byte)'\n');
            hw.Reset(_header);
            hw.WriteStartObject();
            hw.WriteString(EnvelopeFields.Type, itemType);
            if (itemCount is int n)
            {
                hw.WriteNumber(EnvelopeFields.ItemCount, n);
            }

            if (contentType is not null)
            {
                hw.WriteString(EnvelopeFields.ContentType, contentType);
            }

            hw.WriteNumber(EnvelopeFields.Length, _payload.WrittenCount);
            hw.WriteEndObject();
            hw.Flush();
            _header.WriteByte((byte)'\n');

            ReadOnlySpan<byte> header = _header.WrittenSpan;
            ReadOnlySpan<byte> payload = _payload.WrittenSpan;
            int length = header.Length + payload.Length + 1;
            byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
            header.CopyTo(buffer);
            payload.CopyTo(buffer.AsSpan(header.Length));
            buffer[length - 1] = (byte)'\n';
            return SerializedEnvelope.FromPool(buffer, length, category, transactions, spans);
        }

        private void WriteDynamicSamplingContext(Utf8JsonWriter hw, ActivityTraceId traceId)
        {
            hw.WriteStartObject(EnvelopeFields.Trace);
            hw.WriteString(EnvelopeFields.TraceId, traceId.ToHexString());
            if (_settings.Dsn is not null)
            {
                hw.WriteString(EnvelopeFields.PublicKey, _settings.Dsn.PublicKey);
                if (_settings.Dsn.OrgId is not null)
                {
                    hw.WriteString(EnvelopeFields.OrgId, _settings.Dsn.OrgId);
                }
            }

            hw.WriteString(EnvelopeFields.Environment, _environment);
            if (_release is JsonEncodedText release)
            {
                hw.WriteString(EnvelopeFields.Release, release);
            }

            hw.WriteString(EnvelopeFields.SampleRate, EnvelopeFields.One);
            hw.WriteString(EnvelopeFields.Sampled, EnvelopeFields.True);
            hw.WriteEndObject();
        }

        /// <summary>
        /// A random (version 4) UUID as 32 lowercase hex digits, in <see cref="_eventId"/>. Event ids must be unique, not
        /// unpredictable: the runtime's xoshiro generator (seeded from OS entropy) instead of <see cref="Guid.NewGuid"/>,
        /// which asks the kernel for random bytes on every call.
        /// </summary>
        private void NewEventId()
        {
            byte[] raw = _eventIdBits;
            _random.NextBytes(raw);
            raw[6] = (byte)(raw[6] & 0x0F | 0x40);
            raw[8] = (byte)(raw[8] & 0x3F | 0x80);
            for (int i = 0; i < raw.Length; i++)
            {
                _eventId[2 * i] = HexDigits[raw[i] >> 4];
                _eventId[2 * i + 1] = HexDigits[raw[i] & 0xF];
            }
        }

        private static ReadOnlySpan<byte> HexDigits => new byte[] { (byte)'0', (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7', (byte)'8', (byte)'9', (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f' };

        /// <summary><c>sent_at</c> as ISO 8601 with 100 ns precision, formatted without a string.</summary>
        private void WriteSentAt(Utf8JsonWriter hw)
        {
            Span<byte> text = stackalloc byte[40];
            DateTime now = _clock.GetUtcNow().UtcDateTime;
            if (!Utf8Formatter.TryFormat(now, text, out int written, new StandardFormat('O')))
            {
                throw new InvalidOperationException("sent_at formatting failed");
            }

            hw.WriteString(EnvelopeFields.SentAt, text.Slice(0, written));
        }

        private static void WriteSdk(Utf8JsonWriter w)
        {
            w.WriteStartObject(EnvelopeFields.Sdk);
            w.WriteString(EnvelopeFields.Name, SpanAttributes.SdkNameValue);
            w.WriteString(EnvelopeFields.Version, SpanAttributes.SdkVersionValue);
            w.WriteEndObject();
        }

        internal static bool IsLocalRoot(Activity a) => a.ParentSpanId == default || a.HasRemoteParent;

        private static DateTime End(Activity a)
        {
            TimeSpan d = a.Duration;
            return a.StartTimeUtc + (d < TimeSpan.Zero ? TimeSpan.Zero : d);
        }

        private static string KindName(ActivityKind kind) => kind switch
        {
            ActivityKind.Server => "SERVER",
            ActivityKind.Client => "CLIENT",
            ActivityKind.Producer => "PRODUCER",
            ActivityKind.Consumer => "CONSUMER",
            _ => "INTERNAL",
        };

        public void Dispose()
        {
            _writer.Dispose();
            _headerWriter.Dispose();
            _payload.Dispose();
            _header.Dispose();
        }
    }
}
