using System;
using System.Diagnostics;

namespace ActivityFlow
{
    /// <summary>
    /// Re-attaches a captured <see cref="Activity"/> as <see cref="Activity.Current"/> for the length of a
    /// <c>using</c> block and restores the previous one on <see cref="Dispose"/>. A struct: allocation-free.
    /// </summary>
    /// <example><code>
    /// var captured = Activity.Current;
    /// ThreadPool.UnsafeQueueUserWorkItem(_ => { using var scope = new ActivityScope(captured); DoTracedWork(); }, null);
    /// </code></example>
    /// <remarks>The runtime refuses a stopped Activity as <see cref="Activity.Current"/>: then <see cref="IsAttached"/> is false
    /// and <see cref="Activity.Current"/> is left as it was.</remarks>
    public readonly struct ActivityScope : IDisposable
    {
        private readonly Activity? _previous;
        private readonly Activity? _attached;
        private readonly bool _changed;

        /// <summary>Makes <paramref name="activity"/> the current Activity until <see cref="Dispose"/>.</summary>
        public ActivityScope(Activity? activity)
        {
            Activity? previous = Activity.Current;
            _previous = previous;
            _attached = activity;
            if (ReferenceEquals(previous, activity))
            {
                _changed = false;
                return;
            }

            if (activity is null || !activity.IsStopped)
            {
                Activity.Current = activity;
                _changed = true;
            }
            else
            {
                _changed = false;
            }
        }

        /// <summary>Creates a scope for <paramref name="activity"/>; same as the constructor.</summary>
        public static ActivityScope Enter(Activity? activity) => new ActivityScope(activity);

        /// <summary>The Activity that was current before the scope was entered.</summary>
        public Activity? Previous => _previous;

        /// <summary>True when the captured Activity is current inside the scope.</summary>
        public bool IsAttached => _changed || ReferenceEquals(_previous, _attached);

        /// <summary>Restores the previous <see cref="Activity.Current"/> (or null if it has stopped meanwhile).</summary>
        public void Dispose()
        {
            if (!_changed)
            {
                return;
            }

            Activity? previous = _previous;
            if (previous is null || !previous.IsStopped)
            {
                Activity.Current = previous;
            }
            else
            {
                Activity.Current = null;
            }
        }
    }
}
