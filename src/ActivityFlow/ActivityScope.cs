using System;
using System.Diagnostics;
using ActivityFlow.Internal;

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
    /// <remarks>
    /// A captured Activity that has stopped meanwhile (the request returned before the delivery report arrived) is
    /// attached all the same, as ExecutionContext flow would have delivered it: spans started inside become its late
    /// children, which the ActivityFlow exporter promotes instead of dropping. (The public <see cref="Activity.Current"/>
    /// setter refuses a stopped Activity, so a plain assignment would leave the work without any context.)
    /// </remarks>
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
            _changed = !ReferenceEquals(previous, activity);
            if (_changed)
            {
                CurrentActivitySlot.Set(activity);
            }
        }

        /// <summary>Creates a scope for <paramref name="activity"/>; same as the constructor.</summary>
        public static ActivityScope Enter(Activity? activity) => new ActivityScope(activity);

        /// <summary>The Activity that was current before the scope was entered.</summary>
        public Activity? Previous => _previous;

        /// <summary>True when the captured Activity is current inside the scope.</summary>
        public bool IsAttached => ReferenceEquals(Activity.Current, _attached);

        /// <summary>Restores exactly the Activity that was current before the scope, even if it has stopped meanwhile.</summary>
        public void Dispose()
        {
            if (_changed)
            {
                CurrentActivitySlot.Set(_previous);
            }
        }
    }
}
