using System;
using System.Diagnostics.Tracing;

namespace ActivityFlow.Internal
{
    /// <summary>Self-diagnostics of the exporter. Listen with <c>dotnet-trace</c> / <c>dotnet-counters</c> / an
    /// <see cref="EventListener"/> on the name <see cref="SourceName"/>. Never carries a DSN.</summary>
    [EventSource(Name = SourceName)]
    internal sealed class ActivityFlowEventSource : EventSource
    {
        public const string SourceName = "ActivityFlow-Sentry";

        public static readonly ActivityFlowEventSource Log = new ActivityFlowEventSource();

#if NET
        private PollingCounter? _discardedSpans;
#endif

        private ActivityFlowEventSource()
        {
        }

#if NET
        /// <summary>The <c>spans-discarded</c> counter exists while someone listens for counters.</summary>
        protected override void OnEventCommand(EventCommandEventArgs command)
        {
            if (command.Command == EventCommand.Enable)
            {
                _discardedSpans ??= new PollingCounter("spans-discarded", this, () => ClientReports.DiscardedSpans)
                {
                    DisplayName = "Spans discarded (counted in client reports)",
                };
            }
        }
#endif

        [Event(1, Level = EventLevel.Warning, Message = "No destination for envelopes: no DSN, no Sentry SDK initialised with UseActivityFlow() or SentrySdk.Init, no Spotlight and no EnvelopeDirectory. Envelopes wait in the send queue for one.")]
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

        [Event(3, Level = EventLevel.Warning, Message = "Envelope handover to {0} failed: {1}")]
        public void SendFailed(string destination, string reason)
        {
            if (IsEnabled())
            {
                WriteEvent(3, destination, reason);
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

        [Event(6, Level = EventLevel.Verbose, Message = "Promoted span {0} of trace {1} to its own transaction: {2}")]
        public void Promoted(string spanId, string traceId, string reason)
        {
            if (IsEnabled(EventLevel.Verbose, EventKeywords.All))
            {
                WriteEvent(6, spanId, traceId, reason);
            }
        }

        [Event(7, Level = EventLevel.Informational, Message = "Envelope handed to {0}")]
        public void Sent(string destination)
        {
            if (IsEnabled(EventLevel.Informational, EventKeywords.All))
            {
                WriteEvent(7, destination);
            }
        }

        [Event(9, Level = EventLevel.Informational, Message = "Sending through {0}")]
        public void Destination(string destination)
        {
            if (IsEnabled(EventLevel.Informational, EventKeywords.All))
            {
                WriteEvent(9, destination);
            }
        }

        [Event(10, Level = EventLevel.Warning, Message = "{0} span(s) still running at shutdown exported as deadline_exceeded; {1} more could not be tracked (the table of running spans was full)")]
        public void Unfinished(int exported, int untracked)
        {
            if (IsEnabled())
            {
                WriteEvent(10, exported, untracked);
            }
        }
    }
}
