using System.Diagnostics;

namespace ActivityFlow.Internal
{
    /// <summary>The one definition of a local root: the span a transaction (or a Span v2 segment) starts from.</summary>
    internal static class LocalRoot
    {
        /// <summary>
        /// No parent, a remote parent (its context came from another process, e.g. a Kafka message's traceparent), or a
        /// malformed parent id equal to the span's own (it can never arrive as a separate parent).
        /// </summary>
        public static bool Is(Activity activity)
        {
            ActivitySpanId parent = activity.ParentSpanId;
            return parent == default || activity.HasRemoteParent || parent == activity.SpanId;
        }
    }
}
