using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Threading;

namespace ActivityFlow.Internal
{
    /// <summary>Where the parts of a framed envelope are in its buffer.</summary>
    internal readonly struct EnvelopeLayout
    {
        public EnvelopeLayout(int payloadOffset, int payloadLength, int eventIdAt, int traceIdAt)
        {
            PayloadOffset = payloadOffset;
            PayloadLength = payloadLength;
            EventIdAt = eventIdAt;
            TraceIdAt = traceIdAt;
        }

        public int PayloadOffset { get; }

        public int PayloadLength { get; }

        /// <summary>Where the 32 hex digits of the header's <c>event_id</c> start, or -1.</summary>
        public int EventIdAt { get; }

        /// <summary>Where the 32 hex digits of the sampling context's <c>trace_id</c> start, or -1.</summary>
        public int TraceIdAt { get; }
    }

    /// <summary>
    /// A serialised envelope and what it carries. It lives in a buffer rented from <see cref="ArrayPool{T}.Shared"/>:
    /// whoever ends the envelope's journey calls <see cref="Release"/> once, and nothing reads it after that (a read then
    /// throws instead of returning another envelope's bytes).
    /// </summary>
    internal sealed class SerializedEnvelope
    {
        private byte[]? _buffer;

        private SerializedEnvelope(byte[] buffer, int length, EnvelopeLayout layout, in ItemFrame item, EnvelopeIdentity identity)
        {
            _buffer = buffer;
            Length = length;
            Capacity = buffer.Length;
            Layout = layout;
            Item = item;
            Identity = identity;
        }

        /// <summary>Takes ownership of <paramref name="rented"/> (from <see cref="ArrayPool{T}.Shared"/>); its first <paramref name="length"/> bytes are the envelope.</summary>
        public static SerializedEnvelope FromPool(byte[] rented, int length, EnvelopeLayout layout, in ItemFrame item, EnvelopeIdentity identity) =>
            new SerializedEnvelope(rented, length, layout, item, identity);

        public int Length { get; }

        /// <summary>The memory the envelope holds (its rented buffer), for the send queue's bound.</summary>
        public int Capacity { get; }

        public EnvelopeLayout Layout { get; }

        public ItemFrame Item { get; }

        /// <summary>Environment, release and public key it was written with.</summary>
        public EnvelopeIdentity Identity { get; }

        public DataCategory Category => Item.Category;

        public int Transactions => Item.Transactions;

        public int Spans => Item.Spans;

        /// <summary>The envelope's bytes (valid until <see cref="Release"/>).</summary>
        public ArraySegment<byte> Bytes => new ArraySegment<byte>(Buffer, 0, Length);

        /// <summary>The item's payload (valid until <see cref="Release"/>).</summary>
        public ArraySegment<byte> Payload => new ArraySegment<byte>(Buffer, Layout.PayloadOffset, Layout.PayloadLength);

        /// <summary>The header's event id, or null (Span v2 and client reports have none).</summary>
        public string? EventId => Layout.EventIdAt < 0 ? null : Encoding.ASCII.GetString(Buffer, Layout.EventIdAt, 32);

        /// <summary>The sampling context's trace id, or null (client reports have none).</summary>
        public string? TraceId => Layout.TraceIdAt < 0 ? null : Encoding.ASCII.GetString(Buffer, Layout.TraceIdAt, 32);

        private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(SerializedEnvelope));

        public byte[] ToArray() => Bytes.AsSpan().ToArray();

        /// <summary>Writes the bytes to a new file at <paramref name="path"/>.</summary>
        public void WriteTo(string path)
        {
            ArraySegment<byte> bytes = Bytes;
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
            file.Write(bytes.Array!, bytes.Offset, bytes.Count);
        }

        /// <summary>Returns the buffer to the pool; safe to call more than once.</summary>
        public void Release()
        {
            byte[]? buffer = Interlocked.Exchange(ref _buffer, null);
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        public void CountDiscard(ClientReports reports, DiscardReason reason)
        {
            if (Transactions > 0)
            {
                reports.Record(reason, DataCategory.Transaction, Transactions);
            }

            if (Spans > 0)
            {
                reports.Record(reason, DataCategory.Span, Spans);
            }
        }
    }
}
