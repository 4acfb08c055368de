using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using ActivityFlow.Internal;
using Xunit;

namespace ActivityFlow.Tests
{
    public class StreamModeTests
    {
        private static Harness Stream(Action<SentryExporterOptions>? more = null) =>
            new Harness(o => { o.TraceLifecycle = TraceLifecycle.Stream; more?.Invoke(o); });

        [Fact]
        public void SegmentEndFlushesASpanV2Envelope()
        {
            using var h = Stream(o => o.Release = "r@1");
            Activity root = Spans.Root("GET /x", ActivityKind.Server, tags: new[] { new KeyValuePair<string, object?>("http.request.method", "GET"), new KeyValuePair<string, object?>("http.route", "/x") });
            Activity child = Spans.Child(root, "work", tags: new[] { new KeyValuePair<string, object?>("n", 3), new KeyValuePair<string, object?>("d", 1.5), new KeyValuePair<string, object?>("b", true), new KeyValuePair<string, object?>("arr", new long[] { 1, 2 }) });
            child.SetStatus(ActivityStatusCode.Error, "it broke");
            child.End(5);
            h.Export(child);
            Assert.Empty(h.Take());
            root.End(10);
            h.Export(root);
            ParsedEnvelope e = Assert.Single(h.Take());
            Assert.False(e.Header.TryGetProperty("event_id", out _));
            Assert.Equal(root.TraceId.ToHexString(), e.Header.GetProperty("trace").Str("trace_id"));
            Assert.Equal("span", e.Item.Header.Str("type"));
            Assert.Equal("application/vnd.sentry.items.span.v2+json", e.Item.Header.Str("content_type"));
            Assert.Equal(2, e.Item.Header.GetProperty("item_count").GetInt32());
            Assert.Equal(2, e.Payload.GetProperty("version").GetInt32());
            JsonElement[] items = e.Payload.GetProperty("items").EnumerateArray().ToArray();
            Assert.Equal(2, items.Length);
            JsonElement seg = items.Single(i => i.Str("span_id") == root.SpanId.ToHexString());
            JsonElement ch = items.Single(i => i.Str("span_id") == child.SpanId.ToHexString());
            Assert.True(seg.GetProperty("is_segment").GetBoolean());
            Assert.False(ch.GetProperty("is_segment").GetBoolean());
            Assert.Equal("GET /x", seg.Str("name"));
            Assert.Equal("ok", seg.Str("status"));
            Assert.Equal("error", ch.Str("status"));
            Assert.Equal(root.SpanId.ToHexString(), ch.Str("parent_span_id"));
            JsonElement attrs = ch.GetProperty("attributes");
            Assert.Equal("it broke", attrs.GetProperty("sentry.status.message").Str("value"));
            Assert.Equal("integer", attrs.GetProperty("n").Str("type"));
            Assert.Equal(3, attrs.GetProperty("n").GetProperty("value").GetInt32());
            Assert.Equal("double", attrs.GetProperty("d").Str("type"));
            Assert.Equal("boolean", attrs.GetProperty("b").Str("type"));
            Assert.Equal("array", attrs.GetProperty("arr").Str("type"));
            Assert.Equal(root.SpanId.ToHexString(), attrs.GetProperty("sentry.segment.id").Str("value"));
            Assert.Equal("r@1", attrs.GetProperty("sentry.release").Str("value"));
            Assert.Equal("http.server", seg.GetProperty("attributes").GetProperty("sentry.op").Str("value"));
            Assert.Equal("auto.otel", seg.GetProperty("attributes").GetProperty("sentry.origin").Str("value"));
            Assert.True(seg.GetProperty("end_timestamp").GetDouble() >= seg.GetProperty("start_timestamp").GetDouble());
            Assert.Equal(0, h.Exporter.Pipeline!.PendingCount);
        }

        [Fact]
        public void AtMost1000SpansAndOneTracePerEnvelope()
        {
            using var h = Stream(o => o.MaxPendingSpans = 100_000);
            Activity root = Spans.Root("big");
            var spans = Enumerable.Range(0, 2500).Select(i => Spans.Child(root, "c" + i).End(1)).ToArray();
            Activity other = Spans.Orphan("other trace").End();
            h.Export(spans);
            h.Export(other);
            List<ParsedEnvelope> early = h.Take();
            Assert.Equal(2, early.Count); // flushed at 1000, 2000
            Assert.All(early, e => Assert.Equal(1000, e.Item.Header.GetProperty("item_count").GetInt32()));
            List<ParsedEnvelope> rest = h.Flush();
            List<ParsedEnvelope> all = early.Concat(rest).ToList();
            foreach (ParsedEnvelope e in all)
            {
                Assert.Equal(e.Payload.GetProperty("items").GetArrayLength(), e.Item.Header.GetProperty("item_count").GetInt32());
                Assert.True(e.Payload.GetProperty("items").GetArrayLength() <= 1000);
                string trace = e.Header.GetProperty("trace").Str("trace_id");
                Assert.All(e.Payload.GetProperty("items").EnumerateArray(), i => Assert.Equal(trace, i.Str("trace_id")));
            }

            Assert.Equal(2501, all.AllSpanIds().Distinct().Count());
        }

        [Fact]
        public void BuffersFlushAfterTheInterval()
        {
            using var h = Stream();
            Activity root = Spans.Root("r");
            h.Export(Spans.Child(root, "c").End());
            h.Advance(TimeSpan.FromSeconds(4));
            Assert.Empty(h.Take());
            h.Advance(TimeSpan.FromSeconds(1));
            Assert.Single(h.Take());
        }

        [Fact]
        public void FullBufferFlushesInsteadOfDropping()
        {
            using var h = Stream(o => o.MaxPendingSpans = 50);
            var roots = Enumerable.Range(0, 10).Select(i => Spans.Root("r" + i)).ToArray();
            var spans = roots.SelectMany(r => Enumerable.Range(0, 10).Select(i => Spans.Child(r, "c").End())).ToArray();
            h.Export(spans);
            Assert.True(h.Exporter.Pipeline!.PendingCount <= 50);
            List<ParsedEnvelope> all = h.Take().Concat(h.Flush()).ToList();
            Assert.Equal(100, all.AllSpanIds().Count());
            Assert.Equal(0, h.Exporter.Sender.Reports.TotalRecorded);
        }

        [Fact]
        public void LinksAreWritten()
        {
            using var h = Stream();
            var linked = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
            Activity a = Spans.Under(default, "with link", links: new[] { new ActivityLink(linked, new ActivityTagsCollection { ["sentry.link.type"] = "previous_trace" }) }).End();
            h.Export(a);
            JsonElement item = Assert.Single(h.Take()).Payload.GetProperty("items")[0];
            JsonElement link = item.GetProperty("links")[0];
            Assert.Equal(linked.SpanId.ToHexString(), link.Str("span_id"));
            Assert.Equal("previous_trace", link.GetProperty("attributes").GetProperty("sentry.link.type").Str("value"));
        }
    }
}
