using System;
using System.Collections.Generic;
using ActivityFlow.Internal;

namespace ActivityFlow.Benchmarks.Exporter;

/// <summary>
/// The pipeline's outlet, synchronous: each work item is serialised into envelopes right away, on the calling thread
/// (as the exporter does on its export thread), and the bytes are dropped. Counts what went
/// through so the workload's mix can be checked.
/// </summary>
internal sealed class DiscardingSink : IWorkSink, IDisposable
{
    private readonly EnvelopeSerializer _serializer;
    private readonly bool _serialize;
    private readonly List<SerializedEnvelope> _envelopes = new();

    /// <param name="serialize">false: drop work items unserialised (measures grouping alone).</param>
    public DiscardingSink(ExporterSettings settings, TimeProvider clock, bool serialize = true)
    {
        EnvelopeIdentity identity = SentryDestinations.IdentityFor(settings, null, settings.Dsn);
        _serializer = new EnvelopeSerializer(clock, () => identity);
        _serialize = serialize;
    }

    public long Envelopes { get; private set; }

    public long EnvelopeBytes { get; private set; }

    public long Spans { get; private set; }

    public long LatePromotions { get; private set; }

    public long OrphanPromotions { get; private set; }

    public void Submit(WorkItem item)
    {
        if (item is TransactionWork transaction)
        {
            switch (transaction.Promotion)
            {
                case Promotion.ParentAlreadySent:
                    LatePromotions++;
                    break;
                case Promotion.PendingTimeout:
                case Promotion.PendingOverflow:
                case Promotion.Flush:
                    OrphanPromotions++;
                    break;
            }
        }

        if (!_serialize)
        {
            Spans += item switch
            {
                TransactionWork t => t.Descendants.Length + 1,
                SpanBatchWork b => b.Spans.Count,
                _ => 0,
            };
            return;
        }

        _serializer.Serialize(item, _envelopes);
        foreach (SerializedEnvelope envelope in _envelopes)
        {
            Envelopes++;
            EnvelopeBytes += envelope.Length;
            Spans += envelope.Spans;
            envelope.Release(); // as the send worker does after delivery
        }

        _envelopes.Clear();
    }

    public void Reset()
    {
        Envelopes = 0;
        EnvelopeBytes = 0;
        Spans = 0;
        LatePromotions = 0;
        OrphanPromotions = 0;
    }

    public void Dispose() => _serializer.Dispose();
}
