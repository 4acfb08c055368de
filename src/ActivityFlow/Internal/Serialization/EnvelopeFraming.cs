using System;
using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Text;
using F = ActivityFlow.Internal.EnvelopeFields;

namespace ActivityFlow.Internal
{
    /// <summary>What the item header of an envelope says, and what the envelope counts for client reports.</summary>
    internal readonly struct ItemFrame
    {
        public ItemFrame(ItemKind kind, int itemCount, DataCategory category, int transactions, int spans)
        {
            Kind = kind;
            ItemCount = itemCount;
            Category = category;
            Transactions = transactions;
            Spans = spans;
        }

        public ItemKind Kind { get; }

        /// <summary>Span v2 containers only: the number of items.</summary>
        public int ItemCount { get; }

        public DataCategory Category { get; }

        public int Transactions { get; }

        public int Spans { get; }
    }

    /// <summary>The item types the exporter writes.</summary>
    internal enum ItemKind
    {
        Transaction,
        Span,
        ClientReport,
    }

    /// <summary>
    /// Frames a payload as a Sentry envelope (header line, item header line with <c>length</c> in bytes, payload, newline)
    /// in one buffer rented for it, and makes the event ids. Not thread-safe: one per serializer.
    /// </summary>
    internal sealed class EnvelopeFraming : IDisposable
    {
        public const string SpanV2ContentType = "application/vnd.sentry.items.span.v2+json";

        private static readonly byte[][] TypeNames = { Ascii("transaction"), Ascii("span"), Ascii("client_report") };
        private static readonly string?[] ContentTypes = { "application/json", SpanV2ContentType, null };

        private readonly CompactJsonWriter _header = new CompactJsonWriter(1024);
        private readonly TimeProvider _clock;
        private readonly byte[] _eventIdBits = new byte[16];
#if NET8_0_OR_GREATER
        private readonly Random _random = new Random(); // xoshiro256**, seeded from OS entropy
#else
        private readonly Random _random = new Random(Guid.NewGuid().GetHashCode()); // .NET Framework would seed from the tick count
#endif

        public EnvelopeFraming(TimeProvider clock)
        {
            _clock = clock;
        }

        /// <summary>The event id of the transaction being written (see <see cref="NewEventId"/>), as 32 lowercase hex digits.</summary>
        public byte[] EventId { get; } = new byte[32];

        public static string TypeName(ItemKind kind) => Encoding.ASCII.GetString(TypeNames[(int)kind]);

        public static string? ContentType(ItemKind kind) => ContentTypes[(int)kind];

        public static ReadOnlySpan<byte> TypeBytes(ItemKind kind) => TypeNames[(int)kind];

        /// <summary>
        /// Envelope header (<c>event_id</c> for transactions, <c>sent_at</c>, <c>sdk</c>, the dynamic sampling context when
        /// <paramref name="trace"/> is given), item header, <paramref name="payload"/>, newline.
        /// </summary>
        public SerializedEnvelope Frame(CompactJsonWriter payload, in ItemFrame item, ActivityTraceId? trace, EnvelopeIdentity identity)
        {
            CompactJsonWriter h = _header;
            h.Reset();
            h.StartObject();
            int eventIdAt = -1;
            if (item.Kind == ItemKind.Transaction)
            {
                h.Name(F.EventId);
                eventIdAt = h.Position + 1;
                h.AsciiString(EventId);
            }

            h.Name(F.SentAt);
            WriteSentAt(h);
            h.Properties(ExporterSdk.Fragment);
            int traceIdAt = -1;
            if (trace is ActivityTraceId traceId)
            {
                h.StartObject(F.Trace);
                h.Name(F.TraceId);
                traceIdAt = h.Position + 1;
                h.Id(traceId.ToHexString());
                h.Properties(identity.SamplingContextTail);
                h.EndObject();
            }

            h.EndObject();
            h.NewLine();
            h.StartObject();
            h.Name(F.Type);
            h.AsciiString(TypeNames[(int)item.Kind]);
            if (item.Kind == ItemKind.Span)
            {
                h.Name(F.ItemCount);
                h.Number(item.ItemCount);
            }

            if (ContentTypes[(int)item.Kind] is string contentType)
            {
                h.Name(F.ContentType);
                h.String(contentType);
            }

            h.Name(F.Length);
            h.Number(payload.Length);
            h.EndObject();
            h.NewLine();

            ReadOnlySpan<byte> headers = h.Written;
            ReadOnlySpan<byte> body = payload.Written;
            int length = headers.Length + body.Length + 1;
            byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
            headers.CopyTo(buffer);
            body.CopyTo(buffer.AsSpan(headers.Length));
            buffer[length - 1] = (byte)'\n';
            var layout = new EnvelopeLayout(headers.Length, body.Length, eventIdAt, traceIdAt);
            return SerializedEnvelope.FromPool(buffer, length, layout, item, identity);
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
        /// A random (version 4) UUID as 32 lowercase hex digits, in <see cref="EventId"/>. Event ids must be unique, not
        /// unpredictable: the runtime's xoshiro generator (seeded from OS entropy) instead of <see cref="Guid.NewGuid"/>,
        /// which asks the kernel for random bytes on every call.
        /// </summary>
        public void NewEventId()
        {
            byte[] raw = _eventIdBits;
            _random.NextBytes(raw);
            raw[6] = (byte)(raw[6] & 0x0F | 0x40);
            raw[8] = (byte)(raw[8] & 0x3F | 0x80);
            for (int i = 0; i < raw.Length; i++)
            {
                EventId[2 * i] = HexDigits[raw[i] >> 4];
                EventId[2 * i + 1] = HexDigits[raw[i] & 0xF];
            }
        }

        private static ReadOnlySpan<byte> HexDigits => new byte[] { (byte)'0', (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7', (byte)'8', (byte)'9', (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f' };

        private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

        public void Dispose() => _header.Dispose();
    }
}
