using System;
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
        private readonly PooledBufferWriter _envelope = new PooledBufferWriter();
        private readonly Utf8JsonWriter _writer;
        private bool _compact;

        public EnvelopeSerializer(ExporterSettings settings, TimeProvider clock, Func<IReadOnlyList<KeyValuePair<string, object>>>? resource = null)
        {
            _settings = settings;
            _clock = clock;
            _resource = resource ?? (() => Array.Empty<KeyValuePair<string, object>>());
            _writer = new Utf8JsonWriter(_payload, JsonValues.WriterOptions);
        }

        public List<SerializedEnvelope> Serialize(WorkItem item)
        {
            var result = new List<SerializedEnvelope>(1);
            switch (item)
            {
                case TransactionWork t:
                    SerializeTransaction(t, result);
                    break;
                case SpanBatchWork b:
                    SerializeSpanBatch(b, result);
                    break;
            }

            return result;
        }

        // ---------------------------------------------------------------- transactions (static mode)

        private void SerializeTransaction(TransactionWork work, List<SerializedEnvelope> result)
        {
            List<Activity> rest = work.Descendants;
            if (rest.Count > 1)
            {
                rest.Sort(static (a, b) => a.StartTimeUtc.CompareTo(b.StartTimeUtc));
            }

            int first = Math.Min(rest.Count, MaxSpansPerTransaction);
            AddChunk(work.Root, rest, 0, first, work.Promotion, default, result);
            int index = first;
            while (index < rest.Count)
            {
                Activity chunkRoot = rest[index];
                int count = Math.Min(rest.Count - index - 1, MaxSpansPerTransaction);
                AddChunk(chunkRoot, rest, index + 1, count, Promotion.None, work.Root.SpanId, result);
                index += 1 + count;
            }
        }

        /// <summary>Serialises one transaction; halves it while the payload is over <see cref="MaxItemBytes"/>.</summary>
        private void AddChunk(Activity root, List<Activity> spans, int start, int count, Promotion promotion, ActivitySpanId splitOf, List<SerializedEnvelope> result)
        {
            SerializedEnvelope envelope = BuildTransaction(root, spans, start, count, promotion, splitOf, out int payloadBytes);
            if (payloadBytes <= MaxItemBytes)
            {
                result.Add(envelope);
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
                result.Add(BuildTransaction(root, spans, start, 0, promotion, splitOf, out _));
            }
            finally
            {
                _compact = false;
            }
        }

        private SerializedEnvelope BuildTransaction(Activity root, List<Activity> spans, int start, int count, Promotion promotion, ActivitySpanId splitOf, out int payloadBytes)
        {
            bool isLocalRoot = IsLocalRoot(root);
            SpanShape shape = SpanMapper.Map(root, isLocalRoot);
            string eventId = Guid.NewGuid().ToString("N");
            Utf8JsonWriter w = _writer;
            _payload.Clear();
            w.Reset(_payload);

            w.WriteStartObject();
            w.WriteString("event_id", eventId);
            w.WriteString("type", "transaction");
            w.WriteString("platform", "csharp");
            w.WriteString("transaction", JsonValues.Clean(shape.Description, 2000));
            w.WriteStartObject("transaction_info");
            w.WriteString("source", shape.Source);
            w.WriteEndObject();
            w.WriteNumber("start_timestamp", JsonValues.UnixSeconds(root.StartTimeUtc));
            w.WriteNumber("timestamp", JsonValues.UnixSeconds(End(root)));
            w.WriteString("environment", _settings.Environment);
            if (_settings.Release is not null)
            {
                w.WriteString("release", _settings.Release);
            }

            WriteSdk(w);
            w.WriteStartObject("contexts");
            w.WriteStartObject("trace");
            w.WriteString("trace_id", root.TraceId.ToHexString());
            w.WriteString("span_id", root.SpanId.ToHexString());
            if (root.ParentSpanId != default)
            {
                w.WriteString("parent_span_id", root.ParentSpanId.ToHexString());
            }

            w.WriteString("op", JsonValues.Clean(shape.Op, 200));
            w.WriteString("description", JsonValues.Clean(shape.Description));
            w.WriteString("status", shape.Status);
            w.WriteString("origin", JsonValues.Clean(shape.Origin, 200));
            w.WritePropertyName("data");
            WriteData(w, root, promotion, splitOf);
            w.WriteEndObject(); // trace

            w.WriteStartObject("otel");
            w.WritePropertyName("attributes");
            w.WriteStartObject();
            WriteTagProperties(w, root);
            w.WriteEndObject();
            w.WriteStartObject("resource");
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
                w.WriteStartObject("response");
                w.WriteNumber("status_code", statusCode);
                w.WriteEndObject();
            }

            w.WriteEndObject(); // contexts

            w.WriteStartArray("spans");
            for (int i = start; i < start + count; i++)
            {
                WriteChildSpan(w, spans[i]);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.Flush();
            payloadBytes = _payload.WrittenCount;
            byte[] bytes = Frame("transaction", "application/json", itemCount: null, eventId, root.TraceId);
            return new SerializedEnvelope(bytes, DataCategory.Transaction, 1, count + 1);
        }

        private void WriteChildSpan(Utf8JsonWriter w, Activity a)
        {
            SpanShape shape = SpanMapper.Map(a, isLocalRoot: false);
            w.WriteStartObject();
            w.WriteString("span_id", a.SpanId.ToHexString());
            if (a.ParentSpanId != default)
            {
                w.WriteString("parent_span_id", a.ParentSpanId.ToHexString());
            }

            w.WriteString("trace_id", a.TraceId.ToHexString());
            w.WriteString("op", JsonValues.Clean(shape.Op, 200));
            w.WriteString("description", JsonValues.Clean(shape.Description));
            w.WriteString("status", shape.Status);
            w.WriteString("origin", JsonValues.Clean(shape.Origin, 200));
            w.WriteNumber("start_timestamp", JsonValues.UnixSeconds(a.StartTimeUtc));
            w.WriteNumber("timestamp", JsonValues.UnixSeconds(End(a)));
            w.WritePropertyName("data");
            WriteData(w, a, Promotion.None, default);
            w.WriteEndObject();
        }

        /// <summary><c>data</c>: the tags, <c>otel.kind</c>, and the promotion markers.</summary>
        private void WriteData(Utf8JsonWriter w, Activity a, Promotion promotion, ActivitySpanId splitOf)
        {
            w.WriteStartObject();
            int dropped = WriteTagProperties(w, a);
            if (a.Kind != ActivityKind.Internal)
            {
                w.WriteString("otel.kind", KindName(a.Kind));
            }

            string? statusDescription = a.Status == ActivityStatusCode.Error ? a.StatusDescription : a.GetTagItem("otel.status_description") as string;
            if (!string.IsNullOrEmpty(statusDescription))
            {
                w.WriteString("otel.status_description", JsonValues.Clean(statusDescription));
            }

            switch (promotion)
            {
                case Promotion.ParentAlreadySent:
                    w.WriteBoolean(MarkerParentAlreadySent, true);
                    w.WriteString(MarkerPromotion, Names.Of(promotion));
                    break;
                case Promotion.PendingTimeout:
                case Promotion.PendingOverflow:
                case Promotion.Flush:
                    w.WriteBoolean(MarkerOrphan, true);
                    w.WriteString(MarkerPromotion, Names.Of(promotion));
                    break;
            }

            if (splitOf != default)
            {
                w.WriteBoolean(MarkerParentAlreadySent, true);
                w.WriteString(MarkerPromotion, "span_limit");
                w.WriteString(MarkerSplitOf, splitOf.ToHexString());
            }

            if (dropped > 0)
            {
                w.WriteNumber(MarkerDroppedAttributes, dropped);
            }

            if (_compact)
            {
                w.WriteBoolean(MarkerTruncated, true);
            }

            w.WriteEndObject();
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

                w.WritePropertyName(JsonValues.Key(tag.Key));
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
            SerializedEnvelope envelope = BuildSpanEnvelope(traceId, spans, start, count, byId, out int payloadBytes);
            if (payloadBytes <= MaxItemBytes || count == 1 && _compact)
            {
                result.Add(envelope);
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
                result.Add(BuildSpanEnvelope(traceId, spans, start, count, byId, out _));
            }
            finally
            {
                _compact = false;
            }
        }

        private SerializedEnvelope BuildSpanEnvelope(ActivityTraceId traceId, List<Activity> spans, int start, int count, Dictionary<ActivitySpanId, Activity>? byId, out int payloadBytes)
        {
            Utf8JsonWriter w = _writer;
            _payload.Clear();
            w.Reset(_payload);
            w.WriteStartObject();
            w.WriteNumber("version", 2);
            w.WriteStartArray("items");
            for (int i = start; i < start + count; i++)
            {
                WriteSpanV2(w, spans[i], byId);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.Flush();
            payloadBytes = _payload.WrittenCount;
            byte[] bytes = Frame("span", SpanV2ContentType, count, eventId: null, traceId);
            return new SerializedEnvelope(bytes, DataCategory.Span, 0, count);
        }

        private void WriteSpanV2(Utf8JsonWriter w, Activity a, Dictionary<ActivitySpanId, Activity>? byId)
        {
            bool isSegment = IsLocalRoot(a);
            SpanShape shape = SpanMapper.Map(a, isSegment);
            w.WriteStartObject();
            w.WriteString("trace_id", a.TraceId.ToHexString());
            w.WriteString("span_id", a.SpanId.ToHexString());
            if (a.ParentSpanId != default)
            {
                w.WriteString("parent_span_id", a.ParentSpanId.ToHexString());
            }

            w.WriteString("name", JsonValues.Clean(shape.Description));
            w.WriteString("status", shape.IsError ? "error" : "ok");
            w.WriteBoolean("is_segment", isSegment);
            w.WriteNumber("start_timestamp", JsonValues.UnixSeconds(a.StartTimeUtc));
            w.WriteNumber("end_timestamp", JsonValues.UnixSeconds(End(a)));

            w.WriteStartObject("attributes");
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

                w.WritePropertyName(JsonValues.Key(tag.Key));
                JsonValues.WriteTyped(w, _compact && tag.Value is string s && s.Length > CompactMaxString ? JsonValues.Clean(s, CompactMaxString) : tag.Value);
                written++;
            }

            Typed(w, "sentry.op", shape.Op);
            Typed(w, "sentry.origin", shape.Origin);
            Typed(w, "sentry.environment", _settings.Environment);
            if (_settings.Release is not null)
            {
                Typed(w, "sentry.release", _settings.Release);
            }

            Typed(w, "sentry.sdk.name", SdkName);
            Typed(w, "sentry.sdk.version", SdkVersion);
            if (isSegment)
            {
                Typed(w, "sentry.span.source", shape.Source);
                Typed(w, "sentry.segment.id", a.SpanId.ToHexString());
                Typed(w, "sentry.segment.name", JsonValues.Clean(shape.Description));
            }
            else if (FindSegment(a, byId) is Activity segment)
            {
                Typed(w, "sentry.segment.id", segment.SpanId.ToHexString());
                Typed(w, "sentry.segment.name", JsonValues.Clean(SpanMapper.Map(segment, true).Description));
            }

            if (shape.IsError)
            {
                Typed(w, "sentry.status.message", JsonValues.Clean(shape.StatusMessage ?? shape.Status));
            }

            if (a.Kind != ActivityKind.Internal)
            {
                Typed(w, "otel.kind", KindName(a.Kind));
            }

            if (dropped > 0)
            {
                w.WritePropertyName(MarkerDroppedAttributes);
                JsonValues.WriteTyped(w, dropped);
            }

            if (_compact)
            {
                w.WritePropertyName(MarkerTruncated);
                JsonValues.WriteTyped(w, true);
            }

            w.WriteEndObject(); // attributes

            bool anyLink = false;
            foreach (ActivityLink link in a.Links)
            {
                if (!anyLink)
                {
                    w.WriteStartArray("links");
                    anyLink = true;
                }

                w.WriteStartObject();
                w.WriteString("trace_id", link.Context.TraceId.ToHexString());
                w.WriteString("span_id", link.Context.SpanId.ToHexString());
                w.WriteBoolean("sampled", (link.Context.TraceFlags & ActivityTraceFlags.Recorded) != 0);
                bool anyAttr = false;
                if (link.Tags is not null)
                {
                    foreach (KeyValuePair<string, object?> kv in link.Tags)
                    {
                        if (!anyAttr)
                        {
                            w.WriteStartObject("attributes");
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

        private static void Typed(Utf8JsonWriter w, string key, string value)
        {
            w.WriteStartObject(key);
            w.WriteString("type", "string");
            w.WriteString("value", value);
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
            byte[] bytes = Frame("client_report", contentType: null, itemCount: null, eventId: null, trace: null);
            return new SerializedEnvelope(bytes, DataCategory.Internal, 0, 0);
        }

        // ---------------------------------------------------------------- shared pieces

        /// <summary>Envelope header line, item header line (with <c>length</c> in bytes), the payload in <see cref="_payload"/>, newline.</summary>
        private byte[] Frame(string itemType, string? contentType, int? itemCount, string? eventId, ActivityTraceId? trace)
        {
            _envelope.Clear();
            using (var hw = new Utf8JsonWriter(_envelope, JsonValues.WriterOptions))
            {
                hw.WriteStartObject();
                if (eventId is not null)
                {
                    hw.WriteString("event_id", eventId);
                }

                hw.WriteString("sent_at", SentAt());
                WriteSdk(hw);
                if (trace is ActivityTraceId traceId)
                {
                    WriteDynamicSamplingContext(hw, traceId);
                }

                hw.WriteEndObject();
                hw.Flush();
                _envelope.WriteByte((byte)'\n');
                hw.Reset(_envelope);
                hw.WriteStartObject();
                hw.WriteString("type", itemType);
                if (itemCount is int n)
                {
                    hw.WriteNumber("item_count", n);
                }

                if (contentType is not null)
                {
                    hw.WriteString("content_type", contentType);
                }

                hw.WriteNumber("length", _payload.WrittenCount);
                hw.WriteEndObject();
                hw.Flush();
            }

            _envelope.WriteByte((byte)'\n');
            _envelope.Write(_payload.WrittenSpan);
            _envelope.WriteByte((byte)'\n');
            return _envelope.WrittenSpan.ToArray();
        }

        private void WriteDynamicSamplingContext(Utf8JsonWriter hw, ActivityTraceId traceId)
        {
            hw.WriteStartObject("trace");
            hw.WriteString("trace_id", traceId.ToHexString());
            if (_settings.Dsn is not null)
            {
                hw.WriteString("public_key", _settings.Dsn.PublicKey);
                if (_settings.Dsn.OrgId is not null)
                {
                    hw.WriteString("org_id", _settings.Dsn.OrgId);
                }
            }

            hw.WriteString("environment", _settings.Environment);
            if (_settings.Release is not null)
            {
                hw.WriteString("release", _settings.Release);
            }

            hw.WriteString("sample_rate", "1");
            hw.WriteString("sampled", "true");
            hw.WriteEndObject();
        }

        private static void WriteSdk(Utf8JsonWriter w)
        {
            w.WriteStartObject("sdk");
            w.WriteString("name", SdkName);
            w.WriteString("version", SdkVersion);
            w.WriteEndObject();
        }

        private string SentAt() => _clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

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
            _payload.Dispose();
            _envelope.Dispose();
        }
    }
}
