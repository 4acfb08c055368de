using System.Collections.Generic;
using System.Diagnostics;

namespace ActivityFlow.Internal
{
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

    internal static class Promotions
    {
        public static string Name(Promotion p) => p switch
        {
            Promotion.ParentAlreadySent => "parent_already_sent",
            Promotion.PendingTimeout => "pending_timeout",
            Promotion.PendingOverflow => "pending_overflow",
            Promotion.Flush => "flush",
            _ => "none",
        };
    }

    /// <summary>What grouping hands on: the spans of one transaction or of one Span v2 batch, to be serialised.</summary>
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
}
