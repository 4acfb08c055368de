using System.Diagnostics;
using Sentry;
using Sentry.Extensibility;

namespace ActivityFlow.Internal
{
    /// <summary>
    /// Gives every event Sentry captures the trace and span ids of <see cref="Activity.Current"/>, so an error links to
    /// the transaction the exporter sends for that Activity (Sentry would otherwise give it a trace id of its own).
    /// </summary>
    internal sealed class ActivityTraceContext : ISentryEventProcessor
    {
        public SentryEvent? Process(SentryEvent @event)
        {
            Activity? activity = Activity.Current;
            if (activity is null || activity.IdFormat != ActivityIdFormat.W3C)
            {
                return @event;
            }

            Sentry.Protocol.Trace trace = @event.Contexts.Trace;
            trace.TraceId = SentryId.Parse(activity.TraceId.ToHexString());
            trace.SpanId = SpanId.Parse(activity.SpanId.ToHexString());
            trace.ParentSpanId = activity.ParentSpanId == default ? null : SpanId.Parse(activity.ParentSpanId.ToHexString());
            return @event;
        }
    }
}
