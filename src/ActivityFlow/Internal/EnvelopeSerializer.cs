using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using F = ActivityFlow.Internal.EnvelopeFields;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Turns work items into Sentry envelopes (UTF-8, <c>\n</c>-separated, item <c>length</c> in bytes) with a
    /// <see cref="CompactJsonWriter"/>; each envelope is copied into one buffer rented for it. One instance per thread.
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

        private static readonly byte[] TransactionType = Ascii("transaction");
        private static readonly byte[] SpanType = Ascii("span");
        private static readonly byte[] ClientReportType = Ascii("client_report");
        private static readonly byte[] CSharp = Ascii("csharp");
        private static readonly byte[] SdkFragment = CompactJsonWriter.Fragment(WriteSdk);

        private readonly ExporterSettings _settings;
        private readonly TimeProvider _clock;
        private readonly Func<IReadOnlyList<KeyValuePair<string, object>>> _resource;
        private readonly CompactJsonWriter _payload = new CompactJsonWriter();
        private readonly CompactJsonWriter _header = new CompactJsonWriter(1024);
        private readonly Dictionary<ActivitySpanId, Activity> _byId = new Dictionary<ActivitySpanId, Activity>();
        private readonly TagKeyTable _tagKeys = new TagKeyTable();
        private readonly byte[] _eventId = new byte[32];
        private readonly byte[] _eventIdBits = new byte[16];
#if NET8_0_OR_GREATER
        private readonly Random _random = new Random(); // xoshiro256**, seeded from OS entropy
#else
        private readonly Random _random = new Random(Guid.NewGuid().GetHashCode()); // .NET Framework would seed from the tick count
#endif
        private readonly byte[] _environmentAndRelease;
        private readonly byte[] _samplingContextTail;
        private readonly byte[] _spanConstants;
        private Activity? _lastSegment;
        private string? _lastSegmentName;
        private bool _compact;

        public EnvelopeSerializer(ExporterSettings settings, TimeProvider clock, Func<IReadOnlyList<KeyValuePair<string, object>>>? resource = null)
        {
            _settings = settings;
            _clock = clock;
            _resource = resource ?? (() => Array.Empty<KeyValuePair<string, object>>());
            _environmentAndRelease = CompactJsonWriter.Fragment(WriteEnvironmentAndRelease);
            _samplingContextTail = CompactJsonWriter.Fragment(WriteSamplingContextTail);
            _spanConstants = CompactJsonWriter.Fragment(WriteSpanConstants);
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

        private void SerializeTransaction(TransactionWork work, List<SerializedEnvelope> result)
        {
            Activity[] rest = work.Descendants;
            if (rest.Length > 1)
            {
                SortByStartTime(rest);
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

        /// <summary>Sorts by start time reading each start time once (a comparison delegate would read two per comparison).</summary>
        private static void SortByStartTime(Activity[] spans)
        {
            long[] keys = ArrayPool<long>.Shared.Rent(spans.Length);
            try
            {
                for (int i = 0; i < spans.Length; i++)
                {
                    keys[i] = spans[i].StartTimeUtc.Ticks;
                }

                Array.Sort(keys, spans, 0, spans.Length);
            }
            finally
            {
                ArrayPool<long>.Shared.Return(keys);
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
            Frame(TransactionType, "application/json", itemCount: null, withEventId: true, root.TraceId, DataCategory.Transaction, 1, count + 1);

        /// <summary>Writes the transaction event into <see cref="_payload"/> (and a new event id into <see cref="_eventId"/>); returns its length.</summary>
        private int WriteTransaction(Activity root, Activity[] spans, int start, int count, Promotion promotion, ActivitySpanId splitOf)
        {
            bool isLocalRoot = IsLocalRoot(root);
            SpanShape shape = SpanMapper.Map(root, isLocalRoot);
            NewEventId();
            CompactJsonWriter w = _payload;
            w.Reset();

            w.StartObject();
            w.Name(F.EventId);
            w.AsciiString(_eventId);
            w.Name(F.Type);
            w.AsciiString(TransactionType);
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
            w.UnixSeconds(End(root));
            w.Properties(_environmentAndRelease);
            w.Properties(SdkFragment);
            w.StartObject(F.Contexts);
            w.StartObject(F.Trace);
            WriteIds(w, root);
            WriteShape(w, in shape);
            w.StartObject(F.Data);
            var ignored = default(SpanMapper.Conventions);
            int tagsStart = w.Position;
            int dropped = WriteTagProperties(w, root, ref ignored);
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
                WriteChildSpan(w, spans[i]);
            }

            w.EndArray();
            w.EndObject();
            return w.Length;
        }

        /// <summary>A child span. Its tags are read once: written into <c>data</c> while the conventions that shape
        /// the span are gathered, so <c>op</c>, <c>description</c> and <c>status</c> follow <c>data</c>.</summary>
        private void WriteChildSpan(CompactJsonWriter w, Activity a)
        {
            w.StartObject();
            WriteIds(w, a);
            w.Name(F.StartTimestamp);
            w.UnixSeconds(a.StartTimeUtc);
            w.Name(F.Timestamp);
            w.UnixSeconds(End(a));
            w.StartObject(F.Data);
            var conventions = default(SpanMapper.Conventions);
            int dropped = WriteTagProperties(w, a, ref conventions);
            SpanShape shape = SpanMapper.Shape(a, isLocalRoot: false, ref conventions);
            WriteDataEnd(w, a, in shape, Promotion.None, default, dropped);
            WriteShape(w, in shape);
            w.EndObject();
        }

        /// <summary><c>trace_id</c>, <c>span_id</c> and, when there is one, <c>parent_span_id</c>.</summary>
        private static void WriteIds(CompactJsonWriter w, Activity a)
        {
            w.Name(F.TraceId);
            w.Id(a.TraceId.ToHexString());
            w.Name(F.SpanId);
            w.Id(a.SpanId.ToHexString());
            ActivitySpanId parent = a.ParentSpanId;
            if (parent != default)
            {
                w.Name(F.ParentSpanId);
                w.Id(parent.ToHexString());
            }
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
                w.Properties(DefaultOrigin);
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
                w.Properties(KindProperty(a.Kind));
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
                    w.String(Names.Of(promotion));
                    break;
                case Promotion.PendingTimeout:
                case Promotion.PendingOverflow:
                case Promotion.Flush:
                    w.Name(F.Orphan);
                    w.Bool(true);
                    w.Name(F.Promotion);
                    w.String(Names.Of(promotion));
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

            if (dropped > 0)
            {
                w.Name(F.DroppedAttributes);
                w.Number(dropped);
            }

            if (_compact)
            {
                w.Name(F.Truncated);
                w.Bool(true);
            }

            w.EndObject();
        }

        /// <summary>Writes tags as properties and notes the conventions among them (all tags, written or not);
        /// returns how many were left out (over the limit, or reserved marker keys).</summary>
        private int WriteTagProperties(CompactJsonWriter w, Activity a, ref SpanMapper.Conventions conventions)
        {
            int max = _compact ? CompactMaxAttributes : MaxAttributesPerSpan;
            int maxString = _compact ? CompactMaxString : JsonValues.MaxStringLength;
            int written = 0;
            int dropped = 0;
            foreach (KeyValuePair<string, object?> tag in a.EnumerateTagObjects())
            {
                string? key = tag.Key;
                if (key is null)
                {
                    dropped++;
                    continue;
                }

                TagKeyTable.Entry? known = _tagKeys.Find(key);
                conventions.Read(known?.Role ?? SpanMapper.RoleOf(key), tag.Value);
                if (written >= max || (known?.WrittenByExporter ?? IsReservedInData(key)))
                {
                    dropped++;
                    continue;
                }

                Name(w, known, key);
                JsonValues.WriteValue(w, tag.Value, maxString);
                written++;
            }

            return dropped;
        }

        /// <summary>A tag key as a property name: the table's encoding when it holds the key, else encoded now.</summary>
        private static void Name(CompactJsonWriter w, TagKeyTable.Entry? known, string key)
        {
            if (known is not null)
            {
                w.Name(known.Name);
            }
            else
            {
                w.Name(key);
            }
        }

        /// <summary>Keys the exporter writes itself: a tag of the same name would make a duplicate JSON property.</summary>
        internal static bool IsReservedInData(string key) =>
            key.Length >= 9 && (key == "otel.kind" || key == "otel.status_description" || key == MarkerParentAlreadySent || key.StartsWith("activityflow.", StringComparison.Ordinal));

        /// <summary>Keys Span v2 attributes leave out: the exporter's own <c>sentry.*</c> and marker attributes, and <c>otel.kind</c>.</summary>
        internal static bool IsSkippedInSpanV2(string key) =>
            key == "otel.kind" || key.StartsWith("sentry.", StringComparison.Ordinal) || key.StartsWith("activityflow.", StringComparison.Ordinal);

        // ---------------------------------------------------------------- Span v2 (stream mode)

        private void SerializeSpanBatch(SpanBatchWork work, List<SerializedEnvelope> result)
        {
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
                    AddSpanChunk(work.TraceId, spans, i, Math.Min(MaxSpansPerEnvelope, spans.Count - i), byId, result);
                }
            }
            finally
            {
                _byId.Clear(); // let go of the activities
                _lastSegment = null;
                _lastSegmentName = null;
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
            Frame(SpanType, SpanV2ContentType, count, withEventId: false, traceId, DataCategory.Span, 0, count);

        /// <summary>Writes the Span v2 container into <see cref="_payload"/>; returns its length.</summary>
        private int WriteSpanItems(List<Activity> spans, int start, int count, Dictionary<ActivitySpanId, Activity>? byId)
        {
            CompactJsonWriter w = _payload;
            w.Reset();
            w.StartObject();
            w.Name(F.Version);
            w.Number(2);
            w.StartArray(F.Items);
            for (int i = start; i < start + count; i++)
            {
                WriteSpanV2(w, spans[i], byId);
            }

            w.EndArray();
            w.EndObject();
            return w.Length;
        }

        private void WriteSpanV2(CompactJsonWriter w, Activity a, Dictionary<ActivitySpanId, Activity>? byId)
        {
            bool isSegment = IsLocalRoot(a);
            w.StartObject();
            WriteIds(w, a);
            w.Name(F.IsSegment);
            w.Bool(isSegment);
            w.Name(F.StartTimestamp);
            w.UnixSeconds(a.StartTimeUtc);
            w.Name(F.EndTimestamp);
            w.UnixSeconds(End(a));

            // The tags are read once: written as attributes while the conventions that shape the span are gathered.
            w.StartObject(F.Attributes);
            var conventions = default(SpanMapper.Conventions);
            int max = _compact ? CompactMaxAttributes : MaxAttributesPerSpan;
            int written = 0;
            int dropped = 0;
            foreach (KeyValuePair<string, object?> tag in a.EnumerateTagObjects())
            {
                string? key = tag.Key;
                if (key is null || written >= max)
                {
                    conventions.Read(key, tag.Value);
                    dropped++;
                    continue;
                }

                TagKeyTable.Entry? known = _tagKeys.Find(key);
                conventions.Read(known?.Role ?? SpanMapper.RoleOf(key), tag.Value);
                if (known?.SkippedInSpanV2 ?? IsSkippedInSpanV2(key))
                {
                    continue;
                }

                Name(w, known, key);
                JsonValues.WriteTyped(w, tag.Value, _compact ? CompactMaxString : JsonValues.MaxStringLength);
                written++;
            }

            SpanShape shape = SpanMapper.Shape(a, isSegment, ref conventions);
            Typed(w, F.SentryOp, shape.Op, 200);
            Typed(w, F.SentryOrigin, shape.Origin, 200);
            w.Properties(_spanConstants);
            if (isSegment)
            {
                Typed(w, F.SentrySource, shape.Source);
                Typed(w, F.SentrySegmentId, a.SpanId.ToHexString());
                Typed(w, F.SentrySegmentName, shape.Description);
            }
            else if (FindSegment(a, byId) is Activity segment)
            {
                Typed(w, F.SentrySegmentId, segment.SpanId.ToHexString());
                Typed(w, F.SentrySegmentName, SegmentName(segment));
            }

            if (shape.IsError)
            {
                Typed(w, F.SentryStatusMessage, shape.StatusMessage ?? shape.Status);
            }

            if (a.Kind != ActivityKind.Internal)
            {
                Typed(w, F.OtelKind, KindName(a.Kind));
            }

            if (dropped > 0)
            {
                w.Name(F.DroppedAttributes);
                JsonValues.WriteTyped(w, dropped, JsonValues.MaxStringLength);
            }

            if (_compact)
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

        /// <summary>A Span v2 string attribute <c>{"type":"string","value":…}</c>.</summary>
        private static void Typed(CompactJsonWriter w, JsonName key, string value, int max = JsonValues.MaxStringLength)
        {
            w.Name(key);
            JsonValues.WriteTyped(w, value, max);
        }

        // ---------------------------------------------------------------- client reports

        public SerializedEnvelope? SerializeClientReport(List<(DiscardReason Reason, DataCategory Category, long Quantity)> entries)
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
                w.String(Names.Of(reason));
                w.Name(F.Category);
                w.String(Names.Of(category));
                w.Name(F.Quantity);
                w.Number(quantity);
                w.EndObject();
            }

            w.EndArray();
            w.EndObject();
            return Frame(ClientReportType, contentType: null, itemCount: null, withEventId: false, trace: null, DataCategory.Internal, 0, 0);
        }

        // ---------------------------------------------------------------- shared pieces

        /// <summary>
        /// Envelope header line, item header line (with <c>length</c> in bytes), the payload in <see cref="_payload"/>,
        /// newline, copied into one buffer rented for the envelope (the transport returns it after sending).
        /// </summary>
        private SerializedEnvelope Frame(byte[] itemType, string? contentType, int? itemCount, bool withEventId, ActivityTraceId? trace, DataCategory category, int transactions, int spans)
        {
            CompactJsonWriter h = _header;
            h.Reset();
            h.StartObject();
            if (withEventId)
            {
                h.Name(F.EventId);
                h.AsciiString(_eventId);
            }

            h.Name(F.SentAt);
            WriteSentAt(h);
            h.Properties(SdkFragment);
            if (trace is ActivityTraceId traceId)
            {
                WriteDynamicSamplingContext(h, traceId);
            }

            h.EndObject();
            h.NewLine();
            h.StartObject();
            h.Name(F.Type);
            h.AsciiString(itemType);
            if (itemCount is int n)
            {
                h.Name(F.ItemCount);
                h.Number(n);
            }

            if (contentType is not null)
            {
                h.Name(F.ContentType);
                h.String(contentType);
            }

            h.Name(F.Length);
            h.Number(_payload.Length);
            h.EndObject();
            h.NewLine();

            ReadOnlySpan<byte> headers = h.Written;
            ReadOnlySpan<byte> payload = _payload.Written;
            int length = headers.Length + payload.Length + 1;
            byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
            headers.CopyTo(buffer);
            payload.CopyTo(buffer.AsSpan(headers.Length));
            buffer[length - 1] = (byte)'\n';
            return SerializedEnvelope.FromPool(buffer, length, category, transactions, spans);
        }

        private void WriteDynamicSamplingContext(CompactJsonWriter h, ActivityTraceId traceId)
        {
            h.StartObject(F.Trace);
            h.Name(F.TraceId);
            h.Id(traceId.ToHexString());
            h.Properties(_samplingContextTail);
            h.EndObject();
        }

        /// <summary>The parts of the dynamic sampling context that are the same for every trace.</summary>
        private void WriteSamplingContextTail(CompactJsonWriter h)
        {
            if (_settings.Dsn is not null)
            {
                h.Name(F.PublicKey);
                h.String(_settings.Dsn.PublicKey);
                if (_settings.Dsn.OrgId is not null)
                {
                    h.Name(F.OrgId);
                    h.String(_settings.Dsn.OrgId);
                }
            }

            h.Name(F.Environment);
            h.String(_settings.Environment);
            if (_settings.Release is not null)
            {
                h.Name(F.Release);
                h.String(_settings.Release);
            }

            h.Name(F.SampleRate);
            h.String("1");
            h.Name(F.Sampled);
            h.String("true");
        }

        /// <summary>The Span v2 attributes that are the same on every span.</summary>
        private void WriteSpanConstants(CompactJsonWriter w)
        {
            Typed(w, F.SentryEnvironment, _settings.Environment);
            if (_settings.Release is not null)
            {
                Typed(w, F.SentryRelease, _settings.Release);
            }

            Typed(w, F.SentrySdkName, SdkName);
            Typed(w, F.SentrySdkVersion, SdkVersion);
        }

        private void WriteEnvironmentAndRelease(CompactJsonWriter w)
        {
            w.Name(F.Environment);
            w.String(_settings.Environment);
            if (_settings.Release is not null)
            {
                w.Name(F.Release);
                w.String(_settings.Release);
            }
        }

        private static void WriteSdk(CompactJsonWriter w)
        {
            w.StartObject(F.Sdk);
            w.Name(F.Name);
            w.String(SdkName);
            w.Name(F.Version);
            w.String(SdkVersion);
            w.EndObject();
        }

        /// <summary><c>sent_at</c> as ISO 8601 with 100 ns precision, formatted without a string.</summary>
        private void WriteSentAt(CompactJsonWriter h)
        {
            Span<byte> text = stackalloc byte[40];
            DateTime now = _clock.GetUtcNow().UtcDateTime;
            if (!Utf8Formatter.TryFormat(now, text, out int written, new StandardFormat('O')))
            {
                throw new InvalidOperationException("sent_at formatting failed");
            }

            h.AsciiString(text.Slice(0, written));
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

        private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

        internal static bool IsLocalRoot(Activity a) => a.ParentSpanId == default || a.HasRemoteParent;

        private static DateTime End(Activity a)
        {
            TimeSpan d = a.Duration;
            return a.StartTimeUtc + (d < TimeSpan.Zero ? TimeSpan.Zero : d);
        }

        private static readonly byte[] DefaultOrigin = CompactJsonWriter.Fragment(static w =>
        {
            w.Name(F.Origin);
            w.String(SpanMapper.Origin);
        });

        private static readonly byte[][] KindProperties =
        {
            KindFragment(ActivityKind.Internal), KindFragment(ActivityKind.Server), KindFragment(ActivityKind.Client),
            KindFragment(ActivityKind.Producer), KindFragment(ActivityKind.Consumer),
        };

        /// <summary><c>"otel.kind":"…"</c>, encoded once per kind.</summary>
        private static byte[] KindProperty(ActivityKind kind) => (uint)kind < (uint)KindProperties.Length ? KindProperties[(int)kind] : KindFragment(kind);

        private static byte[] KindFragment(ActivityKind kind) => CompactJsonWriter.Fragment(w =>
        {
            w.Name(F.OtelKind);
            w.String(KindName(kind));
        });

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
            _payload.Dispose();
            _header.Dispose();
        }
    }
}
