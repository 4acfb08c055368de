using System;
using System.Diagnostics;
using F = ActivityFlow.Internal.EnvelopeFields;

namespace ActivityFlow.Internal
{
    /// <summary>Fields every span writer writes the same way: ids, end time, kind, origin, typed attributes.</summary>
    internal static class SpanFields
    {
        /// <summary><c>trace_id</c>, <c>span_id</c> and, when there is one, <c>parent_span_id</c>.</summary>
        public static void WriteIds(CompactJsonWriter w, Activity a)
        {
            w.Name(F.TraceId);
            w.Id(a.TraceId.ToHexString());
            w.Name(F.SpanId);
            w.Id(a.SpanId.ToHexString());
            ActivitySpanId parent = a.ParentSpanId;
            if (parent != default)
            {
                w.Name(F.ParentSpanId);
                w.Id(parent.ToHexString());
            }
        }

        /// <summary>A span's end; a span still running (exported at shutdown) ends at <paramref name="now"/>.</summary>
        public static DateTime End(Activity a, DateTime now)
        {
            if (SpanMapper.IsUnfinished(a))
            {
                return now > a.StartTimeUtc ? now : a.StartTimeUtc;
            }

            TimeSpan d = a.Duration;
            return a.StartTimeUtc + (d < TimeSpan.Zero ? TimeSpan.Zero : d);
        }

        /// <summary>A Span v2 string attribute <c>{"type":"string","value":…}</c>.</summary>
        public static void Typed(CompactJsonWriter w, JsonName key, string value, int max = JsonValues.MaxStringLength)
        {
            w.Name(key);
            JsonValues.WriteTyped(w, value, max);
        }

        /// <summary><c>"origin":"auto.otel"</c>, encoded once.</summary>
        public static readonly byte[] DefaultOrigin = CompactJsonWriter.Fragment(static w =>
        {
            w.Name(F.Origin);
            w.String(SpanMapper.Origin);
        });

        private static readonly byte[][] KindProperties =
        {
            KindFragment(ActivityKind.Internal), KindFragment(ActivityKind.Server), KindFragment(ActivityKind.Client),
            KindFragment(ActivityKind.Producer), KindFragment(ActivityKind.Consumer),
        };

        /// <summary><c>"otel.kind":"…"</c>, encoded once per kind.</summary>
        public static byte[] KindProperty(ActivityKind kind) => (uint)kind < (uint)KindProperties.Length ? KindProperties[(int)kind] : KindFragment(kind);

        private static byte[] KindFragment(ActivityKind kind) => CompactJsonWriter.Fragment(w =>
        {
            w.Name(F.OtelKind);
            w.String(KindName(kind));
        });

        public static string KindName(ActivityKind kind) => kind switch
        {
            ActivityKind.Server => "SERVER",
            ActivityKind.Client => "CLIENT",
            ActivityKind.Producer => "PRODUCER",
            ActivityKind.Consumer => "CONSUMER",
            _ => "INTERNAL",
        };
    }
}
