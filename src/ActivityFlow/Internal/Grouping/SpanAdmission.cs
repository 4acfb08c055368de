using System;
using System.Diagnostics;

namespace ActivityFlow.Internal
{
    /// <summary>Which finished activities a pipeline takes.</summary>
    internal static class SpanAdmission
    {
        /// <summary>Recorded, with W3C ids: taken. Unrecorded: skipped silently. Otherwise counted (Sentry needs W3C ids).</summary>
        public static bool Admit(Activity? activity, ClientReports reports)
        {
            if (activity is null || !activity.Recorded)
            {
                return false;
            }

            if (activity.IdFormat != ActivityIdFormat.W3C || activity.SpanId == default)
            {
                reports.Record(DiscardReason.InsufficientData, DataCategory.Span, 1);
                return false;
            }

            return true;
        }

        /// <summary>Logs and counts a span the pipeline failed on (never thrown into the application).</summary>
        public static void Failed(Exception e, ClientReports reports)
        {
            ActivityFlowEventSource.Log.ExporterError("Export", e);
            reports.Record(DiscardReason.InternalSdkError, DataCategory.Span, 1);
        }
    }
}
