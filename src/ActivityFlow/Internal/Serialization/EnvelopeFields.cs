namespace ActivityFlow.Internal
{
    /// <summary>
    /// Property names of the envelope, encoded to UTF-8 once (<c>"name":</c>): the writer copies them instead of
    /// escaping and transcoding a string per property per span.
    /// </summary>
    internal static class EnvelopeFields
    {
        // Envelope and item headers.
        public static readonly JsonName EventId = new JsonName("event_id");
        public static readonly JsonName SentAt = new JsonName("sent_at");
        public static readonly JsonName Type = new JsonName("type");
        public static readonly JsonName ItemCount = new JsonName("item_count");
        public static readonly JsonName ContentType = new JsonName("content_type");
        public static readonly JsonName Length = new JsonName("length");
        public static readonly JsonName PublicKey = new JsonName("public_key");
        public static readonly JsonName OrgId = new JsonName("org_id");
        public static readonly JsonName SampleRate = new JsonName("sample_rate");
        public static readonly JsonName Sampled = new JsonName("sampled");

        // Transaction event.
        public static readonly JsonName Platform = new JsonName("platform");
        public static readonly JsonName Transaction = new JsonName("transaction");
        public static readonly JsonName TransactionInfo = new JsonName("transaction_info");
        public static readonly JsonName Source = new JsonName("source");
        public static readonly JsonName StartTimestamp = new JsonName("start_timestamp");
        public static readonly JsonName Timestamp = new JsonName("timestamp");
        public static readonly JsonName EndTimestamp = new JsonName("end_timestamp");
        public static readonly JsonName Environment = new JsonName("environment");
        public static readonly JsonName Release = new JsonName("release");
        public static readonly JsonName Sdk = new JsonName("sdk");
        public static readonly JsonName Name = new JsonName("name");
        public static readonly JsonName Version = new JsonName("version");
        public static readonly JsonName Contexts = new JsonName("contexts");
        public static readonly JsonName Trace = new JsonName("trace");
        public static readonly JsonName TraceId = new JsonName("trace_id");
        public static readonly JsonName SpanId = new JsonName("span_id");
        public static readonly JsonName ParentSpanId = new JsonName("parent_span_id");
        public static readonly JsonName Op = new JsonName("op");
        public static readonly JsonName Description = new JsonName("description");
        public static readonly JsonName Status = new JsonName("status");
        public static readonly JsonName Origin = new JsonName("origin");
        public static readonly JsonName Data = new JsonName("data");
        public static readonly JsonName Otel = new JsonName("otel");
        public static readonly JsonName Attributes = new JsonName("attributes");
        public static readonly JsonName Resource = new JsonName("resource");
        public static readonly JsonName Response = new JsonName("response");
        public static readonly JsonName StatusCode = new JsonName("status_code");
        public static readonly JsonName Spans = new JsonName("spans");
        public static readonly JsonName OtelKind = new JsonName("otel.kind");
        public static readonly JsonName OtelStatusDescription = new JsonName("otel.status_description");

        // Span v2.
        public static readonly JsonName Items = new JsonName("items");
        public static readonly JsonName IsSegment = new JsonName("is_segment");
        public static readonly JsonName Value = new JsonName("value");
        public static readonly JsonName Links = new JsonName("links");

        // Client report.
        public static readonly JsonName DiscardedEvents = new JsonName("discarded_events");
        public static readonly JsonName Reason = new JsonName("reason");
        public static readonly JsonName Category = new JsonName("category");
        public static readonly JsonName Quantity = new JsonName("quantity");

        // Span v2 attributes the exporter writes itself.
        public static readonly JsonName SentryOp = new JsonName("sentry.op");
        public static readonly JsonName SentryOrigin = new JsonName("sentry.origin");
        public static readonly JsonName SentryEnvironment = new JsonName("sentry.environment");
        public static readonly JsonName SentryRelease = new JsonName("sentry.release");
        public static readonly JsonName SentrySdkName = new JsonName("sentry.sdk.name");
        public static readonly JsonName SentrySdkVersion = new JsonName("sentry.sdk.version");
        public static readonly JsonName SentrySource = new JsonName("sentry.span.source");
        public static readonly JsonName SentrySegmentId = new JsonName("sentry.segment.id");
        public static readonly JsonName SentrySegmentName = new JsonName("sentry.segment.name");
        public static readonly JsonName SentryStatusMessage = new JsonName("sentry.status.message");

        // Markers.
        public static readonly JsonName ParentAlreadySent = new JsonName(Markers.ParentAlreadySent);
        public static readonly JsonName Promotion = new JsonName(Markers.Promotion);
        public static readonly JsonName Orphan = new JsonName(Markers.Orphan);
        public static readonly JsonName SplitOf = new JsonName(Markers.SplitOf);
        public static readonly JsonName Truncated = new JsonName(Markers.Truncated);
        public static readonly JsonName DroppedAttributes = new JsonName(Markers.DroppedAttributes);
        public static readonly JsonName Unfinished = new JsonName(Markers.Unfinished);
    }
}
