using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Turns one <see cref="TransactionWork"/> into as many transaction envelopes as Sentry's limits need: at most 1000
    /// spans each (the rest follow as transactions of their own, marked <c>span_limit</c>), and a payload over 1 MB is
    /// halved until it fits (a single span still over it is written compact).
    /// </summary>
    internal sealed class TransactionSplitter
    {
        /// <summary>Relay's limit for one event/transaction/span item is 1 MiB; stay under it.</summary>
        public const int MaxItemBytes = 1000 * 1000;

        /// <summary>Child spans per transaction (Sentry keeps at most 1000).</summary>
        public const int MaxSpansPerTransaction = 1000;

        private readonly TransactionWriter _writer;
        private readonly TagWriter _tags;
        private readonly EnvelopeFraming _framing;
        private readonly CompactJsonWriter _payload;

        public TransactionSplitter(TransactionWriter writer, TagWriter tags, EnvelopeFraming framing, CompactJsonWriter payload)
        {
            _writer = writer;
            _tags = tags;
            _framing = framing;
            _payload = payload;
        }

        public void Serialize(TransactionWork work, EnvelopeIdentity identity, DateTime now, List<SerializedEnvelope> result)
        {
            Activity[] rest = work.Descendants;
            if (rest.Length > 1)
            {
                SortByStartTime(rest);
            }

            var context = new Context(identity, now, result);
            int first = Math.Min(rest.Length, MaxSpansPerTransaction);
            AddChunk(in context, work.Root, rest, 0, first, work.Promotion, default);
            int index = first;
            while (index < rest.Length)
            {
                Activity chunkRoot = rest[index];
                int count = Math.Min(rest.Length - index - 1, MaxSpansPerTransaction);
                AddChunk(in context, chunkRoot, rest, index + 1, count, Promotion.None, work.Root.SpanId);
                index += 1 + count;
            }
        }

        private readonly struct Context
        {
            public Context(EnvelopeIdentity identity, DateTime now, List<SerializedEnvelope> result)
            {
                Identity = identity;
                Now = now;
                Result = result;
            }

            public EnvelopeIdentity Identity { get; }

            public DateTime Now { get; }

            public List<SerializedEnvelope> Result { get; }
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
        private void AddChunk(in Context c, Activity root, Activity[] spans, int start, int count, Promotion promotion, ActivitySpanId splitOf)
        {
            if (Write(in c, root, spans, start, count, promotion, splitOf) <= MaxItemBytes)
            {
                c.Result.Add(Frame(in c, root, count));
                return;
            }

            ActivitySpanId origin = splitOf == default ? root.SpanId : splitOf;
            if (count > 1)
            {
                int keep = count / 2;
                AddChunk(in c, root, spans, start, keep, promotion, splitOf);
                AddChunk(in c, spans[start + keep], spans, start + keep + 1, count - keep - 1, Promotion.None, origin);
                return;
            }

            if (count == 1)
            {
                // Root alone, then the one span as its own transaction.
                AddChunk(in c, root, spans, start, 0, promotion, splitOf);
                AddChunk(in c, spans[start], spans, start + 1, 0, Promotion.None, origin);
                return;
            }

            _tags.Compact = true;
            try
            {
                Write(in c, root, spans, start, 0, promotion, splitOf);
                c.Result.Add(Frame(in c, root, 0));
            }
            finally
            {
                _tags.Compact = false;
            }
        }

        private int Write(in Context c, Activity root, Activity[] spans, int start, int count, Promotion promotion, ActivitySpanId splitOf)
        {
            _framing.NewEventId();
            return _writer.Write(_payload, _framing.EventId, c.Identity, c.Now, root, spans, start, count, promotion, splitOf);
        }

        private SerializedEnvelope Frame(in Context c, Activity root, int count) =>
            _framing.Frame(_payload, new ItemFrame(ItemKind.Transaction, 1, DataCategory.Transaction, 1, count + 1), root.TraceId, c.Identity);
    }
}
