using System.Text.Json;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Property names and fixed values of the envelope, encoded to UTF-8 once: the writer then copies them instead of
    /// validating, escaping and transcoding a string per property per span.
    /// </summary>
    internal static class EnvelopeFields
    {
        // Envelope and item headers.
        public static readonly JsonEncodedText EventId = Encode("event_id");
        public static readonly JsonEncodedText SentAt = Encode("sent_at");
        public static readonly JsonEncodedText Type = Encode("type");
        public static readonly JsonEncodedText ItemCount = Encode("item_count");
        public static readonly JsonEncodedText ContentType = Encode("content_type");
        public static readonly JsonEncodedText Length = Encode("length");
        public static readonly JsonEncodedText PublicKey = Encode("public_key");
        public static readonly JsonEncodedText OrgId = Encode("org_id");
        public static readonly JsonEncodedText SampleRate = Encode("sample_rate");
        public static readonly JsonEncodedText Sampled = Encode("sampled");

        // Transaction event.
        public static readonly JsonEncodedText Platform = Encode("platform");
        public static readonly JsonEncodedText Transaction = Encode("transaction");
        public static readonly JsonEncodedText TransactionInfo = Encode("transaction_info");
        public static readonly JsonEncodedText Source = Encode("source");
        public static readonly JsonEncodedText StartTimestamp = Encode("start_timestamp");
        public static readonly JsonEncodedText Timestamp = Encode("timestamp");
        public static readonly JsonEncodedText EndTimestamp = Encode("end_timestamp");
        public static readonly JsonEncodedText Environment = Encode("environment");
        public static readonly JsonEncodedText Release = Encode("release");
        public static readonly JsonEncodedText Sdk = Encode("sdk");
        public static readonly JsonEncodedText Name = Encode("name");
        public static readonly JsonEncodedText Version = Encode("version");
        public static readonly JsonEncodedText Contexts = Encode("contexts");
        public static readonly JsonEncodedText Trace = Encode("trace");
        public static readonly JsonEncodedText TraceId = Encode("trace_id");
        public static readonly JsonEncodedText SpanId = Encode("span_id");
        public static readonly JsonEncodedText ParentSpanId = Encode("parent_span_id");
        public static readonly JsonEncodedText Op = Encode("op");
        public static readonly JsonEncodedText Description = Encode("description");
        public static readonly JsonEncodedText Status = Encode("status");
        public static readonly JsonEncodedText Origin = Encode("origin");
        public static readonly JsonEncodedText Data = Encode("data");
        public static readonly JsonEncodedText Otel = Encode("otel");
        public static readonly JsonEncodedText Attributes = Encode("attributes");
        public static readonly JsonEncodedText Resource = Encode("resource");
        public static readonly JsonEncodedText Response = Encode("response");
        public static readonly JsonEncodedText StatusCode = Encode("status_code");
        public static readonly JsonEncodedText Spans = Encode("spans");
        public static readonly JsonEncodedText OtelKind = Encode("otel.kind");
        public static readonly JsonEncodedText OtelStatusDescription = Encode("otel.status_description");

        // Span v2.
        public static readonly JsonEncodedText Items = Encode("items");
        public static readonly JsonEncodedText IsSegment = Encode("is_segment");
        public static readonly JsonEncodedText Value = Encode("value");
        public static readonly JsonEncodedText Links = Encode("links");

        // Values.
        public static readonly JsonEncodedText TransactionType = Transaction;
        public static readonly JsonEncodedText CSharp = Encode("csharp");
        public static readonly JsonEncodedText One = Encode("1");
        public static readonly JsonEncodedText True = Encode("true");
        public static readonly JsonEncodedText StringType = Encode("string");

        public static JsonEncodedText Encode(string text) => JsonEncodedText.Encode(text, JsonValues.WriterOptions.Encoder);
    }
}
