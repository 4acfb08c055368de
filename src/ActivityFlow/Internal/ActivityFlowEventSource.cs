using System;
using System.Diagnostics.Tracing;

namespace ActivityFlow.Internal
{
    /// <summary>Self-diagnostics of the exporter. Listen with <c>dotnet-trace</c> / an <see cref="EventListener"/>
    /// on the name <see cref="SourceName"/>. Never carries the DSN's key.</summary>
    [EventSource(Name = SourceName)]
    internal sealed class ActivityFlowEventSource : EventSource
    {
        public const string SourceName = "ActivityFlow-Sentry";

        public static readonly ActivityFlowEventSource Log = new ActivityFlowEventSource();

        private ActivityFlowEventSource()
        {
        }

        [Event(1, Level = EventLevel.Warning, Message = "No destination configured (no DSN, Spotlight or EnvelopeDirectory): the Sentry exporter exports nothing.")]
        public void NoDestination()
        {
            if (IsEnabled())
            {
                WriteEvent(1);
            }
        }

        [Event(2, Level = EventLevel.Error, Message = "Exporter error in {0}: {1}")]
        public void ExporterError(string where, string error)
        {
            if (IsEnabled())
            {
                WriteEvent(2, where, error);
            }
        }

        [NonEvent]
        public void ExporterError(string where, Exception e)
        {
            if (IsEnabled(EventLevel.Error, EventKeywords.All))
            {
                ExporterError(where, e.GetType().Name + ": " + e.Message);
            }
        }

        [Event(3, Level = EventLevel.Warning, Message = "Envelope send to {0} failed (attempt {1}): {2}")]
        public void SendFailed(string destination, int attempt, string reason)
        {
            if (IsEnabled())
            {
                WriteEvent(3, destination, attempt, reason);
            }
        }

        [Event(4, Level = EventLevel.Warning, Message = "Discarded {2} {1} item(s): {0}")]
        public void Discarded(string reason, string category, int quantity)
        {
            if (IsEnabled())
            {
                WriteEvent(4, reason, category, quantity);
            }
        }

        [Event(5, Level = EventLevel.Informational, Message = "Rate limited by {0}: {1}")]
        public void RateLimited(string destination, string limits)
        {
            if (IsEnabled())
            {
                WriteEvent(5, destination, limits);
            }
        }

        [Event(6, Level = EventLevel.Verbose, Message = "Promoted span {0} of trace {1} to its own transaction: {2}")]
        public void Promoted(string spanId, string traceId, string reason)
        {
            if (IsEnabled(EventLevel.Verbose, EventKeywords.All))
            {
                WriteEvent(6, spanId, traceId, reason);
            }
        }

        [Event(7, Level = EventLevel.Informational, Message = "Envelope sent to {0}: HTTP {1}")]
        public void Sent(string destination, int statusCode)
        {
            if (IsEnabled(EventLevel.Informational, EventKeywords.All))
            {
                WriteEvent(7, destination, statusCode);
            }
        }

        [Event(8, Level = EventLevel.Informational, Message = "Envelope cache {0}: {1}")]
        public void Cache(string action, string file)
        {
            if (IsEnabled(EventLevel.Informational, EventKeywords.All))
            {
                WriteEvent(8, action, file);
            }
        }
    }
}
