using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// The recorded spans started and not yet ended, so that those still running at shutdown can be exported instead of
    /// lost. A fixed table of references (bounded memory, nothing allocated per span, no lock): a span takes a free slot
    /// near its identity hash and frees it when it ends; when its slots are all taken it goes untracked (counted).
    /// </summary>
    internal sealed class RunningSpans
    {
        private const int Probes = 8;
        private readonly Activity?[] _slots;
        private readonly int _mask;
        private int _untracked;

        public RunningSpans(int capacity)
        {
            int size = Probes;
            while (size < capacity)
            {
                size <<= 1;
            }

            _slots = new Activity?[size];
            _mask = size - 1;
        }

        /// <summary>Spans that found no free slot so far.</summary>
        public int Untracked => Volatile.Read(ref _untracked);

        public void Started(Activity activity)
        {
            if (!activity.Recorded)
            {
                return;
            }

            int home = RuntimeHelpers.GetHashCode(activity);
            for (int i = 0; i < Probes; i++)
            {
                ref Activity? slot = ref _slots[(home + i) & _mask];
                if (slot is null && Interlocked.CompareExchange(ref slot, activity, null) is null)
                {
                    return;
                }
            }

            Interlocked.Increment(ref _untracked);
        }

        public void Ended(Activity activity)
        {
            if (!activity.Recorded)
            {
                return;
            }

            int home = RuntimeHelpers.GetHashCode(activity);
            for (int i = 0; i < Probes; i++)
            {
                ref Activity? slot = ref _slots[(home + i) & _mask];
                if (ReferenceEquals(Volatile.Read(ref slot), activity))
                {
                    Volatile.Write(ref slot, null);
                    return;
                }
            }
        }

        /// <summary>Takes the spans still running (and lets go of them).</summary>
        public List<Activity> TakeRunning()
        {
            var running = new List<Activity>();
            for (int i = 0; i < _slots.Length; i++)
            {
                Activity? activity = Interlocked.Exchange(ref _slots[i], null);
                if (activity is not null && !activity.IsStopped)
                {
                    running.Add(activity);
                }
            }

            return running;
        }
    }
}
