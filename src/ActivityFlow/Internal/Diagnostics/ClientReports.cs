using System.Collections.Generic;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Counts what the exporter discards per (reason, category) until it goes out as a <c>client_report</c> (what the
    /// Sentry SDK discards itself, e.g. under a rate limit, the SDK reports in its own client reports).
    /// </summary>
    internal sealed class ClientReports
    {
        private static long s_discardedSpans;
        private readonly object _gate = new object();
        private readonly Dictionary<(DiscardReason, DataCategory), long> _counts = new Dictionary<(DiscardReason, DataCategory), long>();
        private long _total;

        public ClientReports(bool enabled)
        {
            Enabled = enabled;
        }

        public bool Enabled { get; }

        /// <summary>Spans discarded by every exporter of the process so far (the EventSource's <c>spans-discarded</c> counter).</summary>
        public static long DiscardedSpans => System.Threading.Interlocked.Read(ref s_discardedSpans);

        /// <summary>Everything ever recorded (also when reports are disabled): for tests and diagnostics.</summary>
        public long TotalRecorded
        {
            get
            {
                lock (_gate)
                {
                    return _total;
                }
            }
        }

        public bool HasPending
        {
            get
            {
                lock (_gate)
                {
                    return _counts.Count > 0;
                }
            }
        }

        public void Record(DiscardReason reason, DataCategory category, long quantity)
        {
            if (quantity <= 0)
            {
                return;
            }

            ActivityFlowEventSource.Log.Discarded(Discards.Name(reason), Discards.Name(category), (int)System.Math.Min(quantity, int.MaxValue));
            if (category == DataCategory.Span)
            {
                System.Threading.Interlocked.Add(ref s_discardedSpans, quantity);
            }

            lock (_gate)
            {
                _total += quantity;
                if (!Enabled)
                {
                    return;
                }

                _counts.TryGetValue((reason, category), out long current);
                _counts[(reason, category)] = current + quantity;
            }
        }

        /// <summary>Takes (and clears) what is pending.</summary>
        public List<(DiscardReason Reason, DataCategory Category, long Quantity)> Take()
        {
            lock (_gate)
            {
                var list = new List<(DiscardReason, DataCategory, long)>(_counts.Count);
                foreach (KeyValuePair<(DiscardReason, DataCategory), long> kv in _counts)
                {
                    list.Add((kv.Key.Item1, kv.Key.Item2, kv.Value));
                }

                _counts.Clear();
                return list;
            }
        }

        /// <summary>Pending count for one pair (tests).</summary>
        public long Peek(DiscardReason reason, DataCategory category)
        {
            lock (_gate)
            {
                return _counts.TryGetValue((reason, category), out long v) ? v : 0;
            }
        }
    }
}
