using System.Collections.Generic;

namespace ActivityFlow.Internal
{
    /// <summary>Counts discarded items per (reason, category) until they are sent as a <c>client_report</c>.</summary>
    internal sealed class ClientReports
    {
        private readonly object _gate = new object();
        private readonly Dictionary<(DiscardReason, DataCategory), long> _counts = new Dictionary<(DiscardReason, DataCategory), long>();
        private long _total;

        public ClientReports(bool enabled)
        {
            Enabled = enabled;
        }

        public bool Enabled { get; }

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

            ActivityFlowEventSource.Log.Discarded(Names.Of(reason), Names.Of(category), (int)System.Math.Min(quantity, int.MaxValue));
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
