using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using ActivityFlow.Internal;
using Xunit;

namespace ActivityFlow.Tests
{
    public class StaticModeTests
    {
        private static readonly TimeSpan Grace = SentryExporterOptions.DefaultRootGraceWindow;

        [Fact]
        public void RootAndChildrenBecomeOneTransactionAfterTheGraceWindow()
        {
            using var h = new Harness();
            Activity root = Spans.Root("GET /orders", ActivityKind.Server);
            Activity c1 = Spans.Child(root, "c1").End(5);
            Activity c2 = Spans.Child(root, "c2").End(6);
            Activity gc = Spans.Child(c1, "gc").End(1);
            root.End(50);
            h.Export(gc, c1, c2, root);

            Assert.Empty(h.Take());
            h.Advance(Grace - TimeSpan.FromMilliseconds(1));
            Assert.Empty(h.Take());
            h.Advance(TimeSpan.FromMilliseconds(1));
            ParsedEnvelope tx = Assert.Single(h.Take());
            Assert.Equal("transaction", tx.ItemType);
            Assert.Equal(root.SpanId.ToHexString(), tx.Trace().Str("span_id"));
            Assert.False(tx.Trace().TryGetProperty("parent_span_id", out _));
            Assert.Equal(3, tx.SpanCount());
            Assert.Equal(
                new[] { c1.SpanId, c2.SpanId, gc.SpanId }.Select(s => s.ToHexString()).OrderBy(x => x),
                tx.Payload.GetProperty("spans").EnumerateArray().Select(s => s.Str("span_id")).OrderBy(x => x));
            JsonElement gcJson = tx.Payload.GetProperty("spans").EnumerateArray().Single(s => s.Str("span_id") == gc.SpanId.ToHexString());
            Assert.Equal(c1.SpanId.ToHexString(), gcJson.Str("parent_span_id"));
            Assert.False(tx.Data().TryGetProperty(Markers.ParentAlreadySent, out _));
            Assert.Equal(0, h.Static.PendingCount);
            Assert.Equal(0, h.Static.NodeCount);
        }

        [Fact]
        public void ChildEndingInsideTheGraceWindowJoinsTheRoot()
        {
            using var h = new Harness();
            Activity root = Spans.Root("root");
            Activity child = Spans.Child(root, "slow child");
            root.End(10);
            h.Export(root);
            h.Advance(TimeSpan.FromMilliseconds(100));
            child.End(20);
            h.Export(child);
            h.Advance(Grace);
            ParsedEnvelope tx = Assert.Single(h.Take());
            Assert.Equal(1, tx.SpanCount());
        }

        [Fact]
        public void LateChildIsSentAtOnceAsItsOwnTransactionWithTheMarker()
        {
            using var h = new Harness();
            Activity root = Spans.Root("request", ActivityKind.Server);
            Activity late = Spans.Child(root, "Task.Run background work");
            root.End(10);
            h.Export(root);
            h.Advance(Grace);
            Assert.Single(h.Take());

            Activity lateGrandchildEarly = Spans.Child(late, "grandchild ended before its parent").End(1);
            h.Export(lateGrandchildEarly);
            Assert.Empty(h.Take());

            late.End(2200);
            h.Export(late); // no Tick: "at once"
            ParsedEnvelope promoted = Assert.Single(h.Take());
            Assert.Equal(late.SpanId.ToHexString(), promoted.Trace().Str("span_id"));
            Assert.Equal(root.SpanId.ToHexString(), promoted.Trace().Str("parent_span_id"));
            Assert.Equal(root.TraceId.ToHexString(), promoted.Trace().Str("trace_id"));
            Assert.True(promoted.Data().HasTrue(Markers.ParentAlreadySent));
            Assert.Equal("parent_already_sent", promoted.Data().Str(Markers.Promotion));
            Assert.Equal(1, promoted.SpanCount());
            Assert.Equal(lateGrandchildEarly.SpanId.ToHexString(), promoted.Payload.GetProperty("spans")[0].Str("span_id"));

            // A grandchild that ends after its (already promoted) parent is promoted too.
            Activity lateGrandchild = Spans.Child(late, "late grandchild").End(5000);
            h.Export(lateGrandchild);
            ParsedEnvelope again = Assert.Single(h.Take());
            Assert.Equal(late.SpanId.ToHexString(), again.Trace().Str("parent_span_id"));
            Assert.True(again.Data().HasTrue(Markers.ParentAlreadySent));
            Assert.Equal(0, h.Static.NodeCount);
        }

        [Fact]
        public void ChildOfASentChildIsPromoted()
        {
            using var h = new Harness();
            Activity root = Spans.Root("root");
            Activity child = Spans.Child(root, "child");
            Activity grandchild = Spans.Child(child, "grandchild");
            child.End(5);
            root.End(10);
            h.Export(child, root);
            h.Advance(Grace);
            Assert.Equal(1, Assert.Single(h.Take()).SpanCount());

            grandchild.End(500);
            h.Export(grandchild);
            ParsedEnvelope promoted = Assert.Single(h.Take());
            Assert.Equal(child.SpanId.ToHexString(), promoted.Trace().Str("parent_span_id"));
            Assert.True(promoted.Data().HasTrue(Markers.ParentAlreadySent));
        }

        [Fact]
        public void OrphanIsPromotedWhenThePendingTimeoutExpires()
        {
            using var h = new Harness(o => o.PendingSpanTimeout = TimeSpan.FromMinutes(5));
            Activity orphan = Spans.Orphan("orphan");
            Activity orphanChild = Spans.Child(orphan, "orphan child").End(1);
            orphan.End(10);
            h.Export(orphanChild, orphan);
            h.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
            Assert.Empty(h.Take());
            Assert.Equal(2, h.Static.PendingCount);

            h.Advance(TimeSpan.FromSeconds(1));
            ParsedEnvelope tx = Assert.Single(h.Take());
            Assert.Equal(orphan.SpanId.ToHexString(), tx.Trace().Str("span_id"));
            Assert.Equal(orphan.ParentSpanId.ToHexString(), tx.Trace().Str("parent_span_id"));
            Assert.True(tx.Data().HasTrue(Markers.Orphan));
            Assert.Equal("pending_timeout", tx.Data().Str(Markers.Promotion));
            Assert.False(tx.Data().TryGetProperty(Markers.ParentAlreadySent, out _));
            Assert.Equal(1, tx.SpanCount());
            Assert.Equal(0, h.Static.NodeCount);
        }

        [Fact]
        public void ParentArrivingBeforeTheTimeoutAdoptsItsWaitingChildren()
        {
            using var h = new Harness();
            Activity root = Spans.Root("root");
            Activity mid = Spans.Child(root, "mid");
            Activity leaf = Spans.Child(mid, "leaf").End(1);
            h.Export(leaf);
            h.Advance(TimeSpan.FromMinutes(1));
            mid.End(5);
            root.End(10);
            h.Export(mid, root);
            h.Advance(Grace);
            ParsedEnvelope tx = Assert.Single(h.Take());
            Assert.Equal(2, tx.SpanCount());
        }

        [Fact]
        public void OverflowPromotesTheOldestInsteadOfDropping()
        {
            using var h = new Harness(o => o.MaxPendingSpans = 10);
            var orphans = Enumerable.Range(0, 15).Select(i => Spans.Orphan("orphan " + i).End()).ToArray();
            foreach (Activity a in orphans)
            {
                h.Export(a);
            }

            List<ParsedEnvelope> early = h.Take();
            Assert.Equal(5, early.Count);
            Assert.All(early, e => Assert.Equal("pending_overflow", e.Data().Str(Markers.Promotion)));
            Assert.Equal(orphans.Take(5).Select(a => a.SpanId.ToHexString()), early.Select(e => e.Trace().Str("span_id")));
            Assert.Equal(10, h.Static.PendingCount);

            List<ParsedEnvelope> rest = h.Flush();
            Assert.Equal(10, rest.Count);
            Assert.All(rest, e => Assert.Equal("flush", e.Data().Str(Markers.Promotion)));
            Assert.Equal(orphans.Select(a => a.SpanId.ToHexString()).OrderBy(x => x), early.Concat(rest).AllSpanIds().OrderBy(x => x));
        }

        [Fact]
        public void OverflowPromotesAWholePendingSubtree()
        {
            using var h = new Harness(o => o.MaxPendingSpans = 3);
            Activity orphan = Spans.Orphan("orphan parent");
            Activity c1 = Spans.Child(orphan, "c1").End(1);
            Activity c2 = Spans.Child(orphan, "c2").End(1);
            orphan.End(5);
            h.Export(c1, c2, orphan);
            Assert.Empty(h.Take());
            h.Export(Spans.Orphan("one more").End());
            ParsedEnvelope tx = Assert.Single(h.Take());
            Assert.Equal(orphan.SpanId.ToHexString(), tx.Trace().Str("span_id"));
            Assert.Equal(2, tx.SpanCount());
        }

        [Fact]
        public void MoreThan1000SpansUnderOneRootGoOutAsFollowUpTransactions()
        {
            using var h = new Harness(o => o.MaxPendingSpans = 100_000);
            Activity root = Spans.Root("batch job");
            var children = new List<Activity>();
            for (int i = 0; i < 2500; i++)
            {
                children.Add(Spans.Child(root, "item " + i, startMs: 1 + i).End(1));
            }

            root.End(5000);
            children.Add(root);
            h.Export(children.ToArray());
            List<ParsedEnvelope> txs = h.Flush();
            Assert.Equal(3, txs.Count);
            Assert.Equal(1000, txs[0].SpanCount());
            Assert.Equal(root.SpanId.ToHexString(), txs[0].Trace().Str("span_id"));
            Assert.All(txs.Skip(1), t =>
            {
                Assert.Equal("span_limit", t.Data().Str(Markers.Promotion));
                Assert.Equal(root.SpanId.ToHexString(), t.Data().Str(Markers.SplitOf));
                Assert.True(t.Data().HasTrue(Markers.ParentAlreadySent));
                Assert.Equal(root.SpanId.ToHexString(), t.Trace().Str("parent_span_id"));
                Assert.True(t.SpanCount() <= 1000);
            });
            Assert.Equal(2501, txs.AllSpanIds().Distinct().Count());
        }

        [Fact]
        public void ForceFlushDrainsEverythingPendingAtOnce()
        {
            using var h = new Harness();
            Activity root = Spans.Root("root");
            Spans.Child(root, "c").End();
            root.End();
            Activity orphan = Spans.Orphan().End();
            h.Export(root, orphan);
            List<ParsedEnvelope> all = h.Flush();
            Assert.Equal(2, all.Count);
            Assert.Equal(0, h.Static.PendingCount);
            Assert.Equal("flush", all.Single(e => e.Trace().Str("span_id") == orphan.SpanId.ToHexString()).Data().Str(Markers.Promotion));
        }

        [Fact]
        public void ShutdownDrainsEverythingPending()
        {
            var h = new Harness();
            Activity root = Spans.Root("root").End();
            Activity orphan = Spans.Orphan().End();
            h.Export(root, orphan);
            Assert.True(h.Exporter.Shutdown(10000));
            Assert.Equal(2, h.Envelopes.Count);
            h.Dispose();
        }

        [Fact]
        public void RemoteParentMakesALocalRootAndIsKeptAsParentSpanId()
        {
            using var h = new Harness();
            var trace = ActivityTraceId.CreateRandom();
            var remoteParent = ActivitySpanId.CreateRandom();
            Activity consumer = Spans.RemoteChild(trace, remoteParent, "process orders", ActivityKind.Consumer);
            Assert.True(consumer.HasRemoteParent);
            consumer.End();
            h.Export(consumer);
            h.Advance(Grace);
            ParsedEnvelope tx = Assert.Single(h.Take());
            Assert.Equal(remoteParent.ToHexString(), tx.Trace().Str("parent_span_id"));
            Assert.Equal(trace.ToHexString(), tx.Trace().Str("trace_id"));
            Assert.Equal(trace.ToHexString(), tx.Header.GetProperty("trace").Str("trace_id"));
            Assert.False(tx.Data().TryGetProperty(Markers.ParentAlreadySent, out _));
            Assert.False(tx.Data().TryGetProperty(Markers.Orphan, out _));
        }

        [Fact]
        public void UnrecordedActivitiesAreNotExported()
        {
            using var h = new Harness();
            Activity root = Spans.Root("root");
            root.ActivityTraceFlags = ActivityTraceFlags.None;
            root.End();
            h.Export(root);
            Assert.Empty(h.Flush());
        }

        [Fact]
        public void ZeroGraceWindowSendsRootsImmediately()
        {
            using var h = new Harness(o => o.RootGraceWindow = TimeSpan.Zero);
            h.Export(Spans.Root("root").End());
            Assert.Single(h.Take());
        }

        [Fact]
        public void SameSpanExportedTwiceIsSentOnce()
        {
            using var h = new Harness();
            Activity root = Spans.Root("root").End();
            h.Export(root, root);
            Assert.Single(h.Flush());
        }

        [Fact]
        public void ManyTracesManyLateChildrenLoseNothing()
        {
            using var h = new Harness(o => o.MaxPendingSpans = 500);
            var expected = new HashSet<string>();
            var rnd = new Random(42);
            var lateOnes = new List<Activity>();
            for (int t = 0; t < 200; t++)
            {
                Activity root = Spans.Root("root " + t);
                var kids = Enumerable.Range(0, 5).Select(i => Spans.Child(root, "k" + i)).ToList();
                foreach (Activity k in kids.Take(3))
                {
                    k.End(1);
                }

                root.End(10);
                lateOnes.AddRange(kids.Skip(3));
                h.Export(kids.Take(3).Append(root).ToArray());
                expected.UnionWith(kids.Append(root).Select(a => a.SpanId.ToHexString()));
                if (rnd.Next(4) == 0)
                {
                    h.Advance(Grace);
                }
            }

            h.Advance(Grace);
            foreach (Activity late in lateOnes)
            {
                late.End(50);
                h.Export(late);
            }

            List<ParsedEnvelope> all = h.Flush();
            Assert.Equal(expected.OrderBy(x => x), all.AllSpanIds().OrderBy(x => x));
            Assert.Equal(0, h.Static.NodeCount);
        }
    }
}
