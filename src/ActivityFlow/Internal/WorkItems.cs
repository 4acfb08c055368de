using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace ActivityFlow.Internal
{
    /// <summary>Telemetry categories, as Sentry's rate limits and client reports name them.</summary>
    internal enum DataCategory
    {
        Transaction,
        Span,
        Internal,
    }

    /// <summary>Client report discard reasons.</summary>
    internal enum DiscardReason
    {
        QueueOverflow,
        CacheOverflow,
        RateLimitBackoff,
        NetworkError,
        SendError,
        InternalSdkError,
        InsufficientData,
    }

    /// <summary>Why a span went out as its own transaction although it is not a local root.</summary>
    internal enum Promotion
    {
        None,

        /// <summary>Its parent was already sent (found in the sent-span cache).</summary>
        ParentAlreadySent,

        /// <summary>Its parent never arrived within <c>PendingSpanTimeout</c>.</summary>
        PendingTimeout,

        /// <summary>Pending memory overflowed; the oldest pending spans were promoted.</summary>
        PendingOverflow,

        /// <summary>ForceFlush/Shutdown drained it before its parent arrived.</summary>
        Flush,
    }

    internal static class Names
    {
        public static string Of(DataCategory c) => c switch
        {
            DataCategory.Transaction => "transaction",
            DataCategory.Span => "span",
            _ => "internal",
        };

        public static string Of(DiscardReason r) => r switch
        {
            DiscardReason.QueueOverflow => "queue_overflow",
            DiscardReason.CacheOverflow => "cache_overflow",
            DiscardReason.RateLimitBackoff => "ratelimit_backoff",
            DiscardReason.NetworkError => "network_error",
            DiscardReason.SendError => "send_error",
            DiscardReason.InternalSdkError => "internal_sdk_error",
            _ => "insufficient_data",
        };

        public static string Of(Promotion p) => p switch
        {
            Promotion.ParentAlreadySent => "parent_already_sent",
            Promotion.PendingTimeout => "pending_timeout",
            Promotion.PendingOverflow => "pending_overflow",
            Promotion.Flush => "flush",
            _ => "none",
        };
    }

    /// <summary>Something for the send worker: turned into envelopes there, off the export path.</summary>
    internal abstract class WorkItem
    {
        /// <summary>Counts for a client report if the whole item is discarded before serialisation.</summary>
        public abstract void CountDiscard(ClientReports reports, DiscardReason reason);
    }

    /// <summary>One local root (or promoted span) with all its pending descendants.</summary>
    internal sealed class TransactionWork : WorkItem
    {
        public TransactionWork(Activity root, Activity[] descendants, Promotion promotion)
        {
            Root = root;
            Descendants = descendants;
            Promotion = promotion;
        }

        public Activity Root { get; }

        public Activity[] Descendants { get; }

        public Promotion Promotion { get; }

        public override void CountDiscard(ClientReports reports, DiscardReason reason)
        {
            reports.Record(reason, DataCategory.Transaction, 1);
            reports.Record(reason, DataCategory.Span, Descendants.Length + 1);
        }
    }

    /// <summary>Spans of one trace for a Span v2 envelope.</summary>
    internal sealed class SpanBatchWork : WorkItem
    {
        public SpanBatchWork(ActivityTraceId traceId, List<Activity> spans)
        {
            TraceId = traceId;
            Spans = spans;
        }

        public ActivityTraceId TraceId { get; }

        public List<Activity> Spans { get; }

        public override void CountDiscard(ClientReports reports, DiscardReason reason) => reports.Record(reason, DataCategory.Span, Spans.Count);
    }

    /// <summary>
    /// A serialised envelope and what it carries. Freshly serialised envelopes live in a buffer rented from
    /// <see cref="ArrayPool{T}.Shared"/>: whoever ends the envelope's journey calls <see cref="Release"/> once, and nothing
    /// reads it after that (a read then throws instead of returning another envelope's bytes).
    /// </summary>
    internal sealed class SerializedEnvelope
    {
        private byte[]? _buffer;
        private readonly bool _pooled;

        /// <summary>An envelope that owns <paramref name="bytes"/> exactly (read back from the cache, or built in a test).</summary>
        public SerializedEnvelope(byte[] bytes, DataCategory category, int transactions, int spans)
            : this(bytes, bytes.Length, pooled: false, category, transactions, spans)
        {
        }

        private SerializedEnvelope(byte[] buffer, int length, bool pooled, DataCategory category, int transactions, int spans)
        {
            _buffer = buffer;
            Length = length;
            _pooled = pooled;
            Category = category;
            Transactions = transactions;
            Spans = spans;
        }

        /// <summary>Takes ownership of <paramref name="rented"/> (from <see cref="ArrayPool{T}.Shared"/>); its first <paramref name="length"/> bytes are the envelope.</summary>
        public static SerializedEnvelope FromPool(byte[] rented, int length, DataCategory category, int transactions, int spans) =>
            new SerializedEnvelope(rented, length, pooled: true, category, transactions, spans);

        public int Length { get; }

        /// <summary>The envelope's bytes (valid until <see cref="Release"/>).</summary>
        public ArraySegment<byte> Bytes => new ArraySegment<byte>(_buffer ?? throw new ObjectDisposedException(nameof(SerializedEnvelope)), 0, Length);

        public byte[] ToArray() => Bytes.AsSpan().ToArray();

        /// <summary>Writes the bytes to a new file at <paramref name="path"/>.</summary>
        public void WriteTo(string path)
        {
            ArraySegment<byte> bytes = Bytes;
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
            file.Write(bytes.Array!, bytes.Offset, bytes.Count);
        }

        /// <summary>Returns a pooled buffer; safe to call more than once.</summary>
        public void Release()
        {
            byte[]? buffer = Interlocked.Exchange(ref _buffer, null);
            if (buffer is not null && _pooled)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        public DataCategory Category { get; }

        public int Transactions { get; }

        public int Spans { get; }

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
