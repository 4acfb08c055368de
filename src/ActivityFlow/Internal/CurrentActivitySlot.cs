using System.Diagnostics;
using System.Reflection;
using System.Threading;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Sets <see cref="Activity.Current"/> the way ExecutionContext flow does. The public setter refuses an Activity that
    /// has stopped, yet flow hands exactly that to work that outlives its caller (a fire-and-forget task sees its
    /// caller's stopped Activity, and spans it starts become late children). Re-attaching a captured Activity must
    /// give the work that same context, so a stopped one is written to the AsyncLocal behind Activity.Current.
    /// </summary>
    internal static class CurrentActivitySlot
    {
        // Read once; setting Value afterwards is the ordinary AsyncLocal API (no reflection per call).
        private static readonly AsyncLocal<Activity?>? Slot =
            typeof(Activity).GetField("s_current", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) as AsyncLocal<Activity?>;

        /// <summary>False when this runtime's Activity keeps Current elsewhere: a stopped Activity then cannot be attached.</summary>
        public static bool CanAttachStopped => Slot is not null;

        public static void Set(Activity? activity)
        {
            if (activity is { IsStopped: true } && Slot is not null)
            {
                Slot.Value = activity;
            }
            else
            {
                Activity.Current = activity;
            }
        }
    }
}
