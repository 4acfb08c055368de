using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using ActivityFlow.Internal;
using Xunit;

namespace ActivityFlow.Tests
{
    /// <summary>The real transport against a real HTTP server on 127.0.0.1.</summary>
    public class HttpLoopbackTests
    {
        private const string Key = "k3y0nlyInAuthHeader";

        private static Harness Exporter(LoopbackServer server, Action<SentryExporterOptions>? more = null, Action<ExporterSeams>? seams = null) =>
            new Harness(o =>
            {
                o.Dsn = "http://" + Key + "@127.0.0.1:" + server.Port + "/42";
                o.EnvelopeDirectory = null;
                o.RootGraceWindow = TimeSpan.Zero;
                more?.Invoke(o);
            }, seams);

        private static Activity RootWithChild(string name = "root")
        {
            Activity root = Spans.Root(name);
            Spans.Child(root, "child").End(1);
            return root.End(5);
        }

        private static Activity[] Family(string name)
        {
            Activity root = Spans.Root(name);
            Activity child = Spans.Child(root, name + " child").End(1);
            return new[] { child, root.End(5) };
        }

        private static List<(string Reason, string Category, int Quantity)> Reports(LoopbackServer server) =>
            server.Delivered("client_report")
                .SelectMany(e => e.Payload.GetProperty("discarded_events").EnumerateArray())
                .Select(d => (d.Str("reason"), d.Str("category"), d.GetProperty("quantity").GetInt32()))
                .ToList();

        private static void AssertEachDeliveredOnceFromAnEmptyCache(LoopbackServer server, Harness h, string cacheDir, IEnumerable<Activity> spans)
        {
            Assert.Empty(Directory.GetFiles(cacheDir, "*.envelope"));
            Assert.Equal(spans.Select(x => x.SpanId.ToHexString()).OrderBy(x => x), server.Delivered("transaction").AllSpanIds().OrderBy(x => x));
            Assert.Equal(0, h.Exporter.Dispatcher!.Reports.TotalRecorded);
            Directory.Delete(cacheDir, true);
        }

        [Fact]
        public void DeliversGzippedEnvelopeWithAuthAndExactContentType()
        {
            using var server = new LoopbackServer();
            using var h = Exporter(server);
            h.Export(Family("GET /ok"));
            Assert.True(h.Exporter.ForceFlush(10000));
            Received r = Assert.Single(server.Requests);
            Assert.Equal("/api/42/envelope/", r.Path);
            Assert.Equal("application/x-sentry-envelope", r.ContentType);
            Assert.Equal("gzip", r.ContentEncoding);
            Assert.StartsWith("Sentry sentry_version=7, sentry_client=sentry.dotnet.activityflow/", r.Auth);
            Assert.EndsWith("sentry_key=" + Key, r.Auth);
            ParsedEnvelope e = r.Envelope;
            Assert.Equal("transaction", e.ItemType);
            Assert.Equal(1, e.SpanCount());
            Assert.Equal(Key, e.Header.GetProperty("trace").Str("public_key"));
        }

        [Fact]
        public void RetriesServerErrorsThenDelivers()
        {
            using var server = new LoopbackServer(n => n <= 2 ? Reply.Status500() : Reply.Ok());
            using var h = Exporter(server);
            h.Export(Family("retry me"));
            Assert.True(h.Exporter.ForceFlush(10000));
            Assert.Equal(3, server.Count);
            Assert.Single(server.Delivered("transaction"));
            Assert.Empty(Reports(server));
            Assert.Equal(0, h.Exporter.Dispatcher!.Reports.TotalRecorded);
        }

        [Fact]
        public void DroppedConnectionsAreRetriedThenCountedAsNetworkError()
        {
            using var server = new LoopbackServer(n => n <= 3 ? Reply.DropConnection() : Reply.Ok());
            using var h = Exporter(server);
            h.Export(Family("doomed"));
            Assert.True(h.Exporter.WaitForIdle(10000));
            Assert.Equal(3, server.Count);
            Assert.True(h.Exporter.ForceFlush(10000));
            var reports = Reports(server);
            Assert.Contains(("network_error", "transaction", 1), reports);
            Assert.Contains(("network_error", "span", 2), reports); // 1 child + the segment span
        }

        [Fact]
        public void RateLimitHeaderStopsThatCategoryAndIsReported()
        {
            using var server = new LoopbackServer(n => n == 1 ? Reply.TooMany("60:transaction:key") : Reply.Ok());
            using var h = Exporter(server);
            h.Export(Family("first"));
            Assert.True(h.Exporter.WaitForIdle(10000));
            Assert.Equal(1, server.Count);
            Assert.NotNull(h.Exporter.Dispatcher!.RateLimits.LimitedUntil("transaction"));

            h.Export(Family("second"));
            Assert.True(h.Exporter.ForceFlush(10000));
            Assert.Equal(2, server.Count); // the second transaction never left; the client report did
            var reports = Reports(server);
            Assert.Contains(("ratelimit_backoff", "transaction", 1), reports);
            Assert.Contains(("ratelimit_backoff", "span", 2), reports);
            Assert.DoesNotContain(reports, r => r.Reason != "ratelimit_backoff"); // the server's 429 is not counted again
        }

        [Fact]
        public void RetryAfterLimitsEverythingButClientReports()
        {
            using var server = new LoopbackServer(n => n == 1 ? Reply.TooMany(retryAfter: "120") : Reply.Ok());
            using var h = Exporter(server, o => o.TraceLifecycle = TraceLifecycle.Stream);
            h.Export(Spans.Root("a").End());
            Assert.True(h.Exporter.WaitForIdle(10000));
            h.Export(Spans.Root("b").End());
            Assert.True(h.Exporter.ForceFlush(10000));
            Assert.Equal(2, server.Count);
            Assert.Contains(("ratelimit_backoff", "span", 1), Reports(server));
        }

        [Fact]
        public void ClientErrorsAreNotRetriedAndCountedAsSendError()
        {
            using var server = new LoopbackServer(n => n == 1 ? new Reply { Status = 400 } : Reply.Ok());
            using var h = Exporter(server);
            h.Export(Family("bad request"));
            Assert.True(h.Exporter.ForceFlush(10000));
            Assert.Equal(2, server.Count);
            Assert.Contains(("send_error", "transaction", 1), Reports(server));
        }

        [Fact]
        public void CacheDirectoryKeepsEnvelopesThroughAnOutageAndReplaysThem()
        {
            using var server = new LoopbackServer(n => n <= 3 ? Reply.Status500() : Reply.Ok());
            string cacheDir = Path.Combine(Path.GetTempPath(), "af-cache-" + Guid.NewGuid().ToString("N"));
            using var h = Exporter(server, o => o.CacheDirectory = cacheDir);
            Activity[] a = Family("during outage");
            h.Export(a);
            Assert.True(h.Exporter.WaitForIdle(10000));
            Assert.Equal(3, server.Count);
            Assert.Single(Directory.GetFiles(cacheDir, "*.envelope"));
            Assert.Equal(0, h.Exporter.Dispatcher!.Reports.TotalRecorded);

            Activity[] b = Family("after outage");
            h.Export(b);
            Assert.True(h.Exporter.ForceFlush(10000));
            Assert.Empty(Directory.GetFiles(cacheDir, "*.envelope"));
            var delivered = server.Delivered("transaction").AllSpanIds().ToHashSet();
            Assert.True(a.Concat(b).All(x => delivered.Contains(x.SpanId.ToHexString())));
            Directory.Delete(cacheDir, true);
        }

        [Fact]
        public void CachedEnvelopesAreSentByTheNextExporterAtStartup()
        {
            string cacheDir = Path.Combine(Path.GetTempPath(), "af-cache-" + Guid.NewGuid().ToString("N"));
            Activity[] a = Family("left behind");
            using (var down = new LoopbackServer(_ => Reply.DropConnection()))
            using (var h = Exporter(down, o => o.CacheDirectory = cacheDir))
            {
                h.Export(a);
                Assert.True(h.Exporter.WaitForIdle(10000));
                Assert.Single(Directory.GetFiles(cacheDir, "*.envelope"));
            }

            using var up = new LoopbackServer();
            using (var h2 = Exporter(up, o => o.CacheDirectory = cacheDir))
            {
                Assert.True(up.WaitFor(() => up.Delivered("transaction").Any()));
                Assert.True(h2.Exporter.WaitForIdle(10000));
            }

            Assert.Equal(a.Select(x => x.SpanId.ToHexString()).OrderBy(x => x), up.Delivered("transaction").AllSpanIds().OrderBy(x => x));
            Assert.Empty(Directory.GetFiles(cacheDir, "*.envelope"));
            Directory.Delete(cacheDir, true);
        }

        [Fact]
        public void CacheDirectoryIsBoundedAndCountsWhatItEvicts()
        {
            using var server = new LoopbackServer(_ => Reply.DropConnection());
            string cacheDir = Path.Combine(Path.GetTempPath(), "af-cache-" + Guid.NewGuid().ToString("N"));
            using var h = Exporter(server, o => { o.CacheDirectory = cacheDir; o.MaxCacheItems = 2; }, s => s.RetryDelays = Array.Empty<TimeSpan>());
            for (int i = 0; i < 4; i++)
            {
                h.Export(Family("t" + i));
                Assert.True(h.Exporter.WaitForIdle(10000));
            }

            Assert.Equal(2, Directory.GetFiles(cacheDir, "*.envelope").Length);
            Assert.Equal(2, h.Exporter.Dispatcher!.Reports.Peek(DiscardReason.CacheOverflow, DataCategory.Transaction));
            Assert.Equal(4, h.Exporter.Dispatcher!.Reports.Peek(DiscardReason.CacheOverflow, DataCategory.Span));
            Directory.Delete(cacheDir, true);
        }

        [Fact]
        public void SpotlightGetsTheSameEnvelopeWithTheExactContentType()
        {
            using var spotlight = new LoopbackServer();
            using var sentry = new LoopbackServer();
            using var h = Exporter(sentry, o => o.Spotlight = spotlight.Url + "/stream");
            h.Export(Family("to both"));
            Assert.True(h.Exporter.ForceFlush(10000));
            Received s = Assert.Single(spotlight.Requests);
            Assert.Equal("/stream", s.Path);
            Assert.Equal("application/x-sentry-envelope", s.ContentType);
            Assert.Null(s.Auth);
            Assert.Equal("transaction", s.Envelope.ItemType);
            Assert.Equal(s.Envelope.Payload.Str("event_id"), Assert.Single(sentry.Requests).Envelope.Payload.Str("event_id"));
        }

        [Fact]
        public void SpotlightAloneIsADestination()
        {
            using var spotlight = new LoopbackServer();
            using var h = new Harness(o => { o.EnvelopeDirectory = null; o.Spotlight = spotlight.Url + "/stream"; o.RootGraceWindow = TimeSpan.Zero; });
            h.Export(Family("spotlight only"));
            Assert.True(h.Exporter.ForceFlush(10000));
            Assert.Single(spotlight.Requests);
        }

        [Fact]
        public void FullSendQueueCountsQueueOverflow()
        {
            using var server = new LoopbackServer(_ => new Reply { DelayMs = 300 });
            using var h = Exporter(server, seams: s => s.MaxQueuedItems = 1);
            for (int i = 0; i < 6; i++)
            {
                h.Export(Family("burst " + i));
            }

            Assert.True(h.Exporter.ForceFlush(20000));
            int sent = server.Delivered("transaction").Count();
            var reports = Reports(server);
            int overflowed = reports.Where(r => r.Reason == "queue_overflow" && r.Category == "transaction").Sum(r => r.Quantity);
            Assert.True(overflowed > 0);
            Assert.Equal(6, sent + overflowed);
            Assert.Equal(overflowed * 2, reports.Where(r => r.Reason == "queue_overflow" && r.Category == "span").Sum(r => r.Quantity));
        }

        [Fact]
        public void FullSendQueueSpillsToTheCacheDirectoryInsteadOfDropping()
        {
            using var server = new LoopbackServer(_ => new Reply { DelayMs = 200 });
            string cacheDir = Path.Combine(Path.GetTempPath(), "af-cache-" + Guid.NewGuid().ToString("N"));
            using var h = Exporter(server, o => o.CacheDirectory = cacheDir, s => s.MaxQueuedItems = 1);
            var all = new List<Activity>();
            for (int i = 0; i < 6; i++)
            {
                Activity[] f = Family("burst " + i);
                all.AddRange(f);
                h.Export(f);
            }

            Assert.True(h.Exporter.ForceFlush(20000));
            server.Behavior = _ => Reply.Ok();
            Activity[] last = Family("trigger replay");
            all.AddRange(last);
            h.Export(last);
            Assert.True(h.Exporter.ForceFlush(20000));
            Assert.Equal(all.Select(a => a.SpanId.ToHexString()).OrderBy(x => x), server.Delivered("transaction").AllSpanIds().Distinct().OrderBy(x => x));
            Assert.Equal(0, h.Exporter.Dispatcher!.Reports.TotalRecorded);
            Directory.Delete(cacheDir, true);
        }

        [Fact]
        public void ForceFlushDeliversCachedEnvelopesOnceTheDestinationIsReachable()
        {
            using var server = new LoopbackServer(_ => Reply.DropConnection());
            string cacheDir = Path.Combine(Path.GetTempPath(), "af-cache-" + Guid.NewGuid().ToString("N"));
            using var h = Exporter(server, o => o.CacheDirectory = cacheDir);
            Activity[] a = Family("during outage");
            h.Export(a);
            Assert.True(h.Exporter.WaitForIdle(10000));
            Assert.Single(Directory.GetFiles(cacheDir, "*.envelope"));

            // Nothing new is exported: the flush alone must deliver what the cache holds.
            server.Behavior = _ => Reply.Ok();
            Assert.True(h.Exporter.ForceFlush(10000));
            AssertEachDeliveredOnceFromAnEmptyCache(server, h, cacheDir, a);
        }

        [Fact]
        public void AnEnvelopeSpilledWhileTheCacheIsReplayedIsReplayedAfterTheNextSuccessfulSend()
        {
            // Request 1 (a queued transaction) and request 2 (the replay of a spilled one) wait for the test, so that a
            // second spill lands after the replay has listed the directory. The next successful send must replay it;
            // WaitForIdle (not ForceFlush, which replays by itself) shows that it does.
            using var inFlight = new ManualResetEventSlim();
            using var replaying = new ManualResetEventSlim();
            using var server = new LoopbackServer(n =>
            {
                (n == 1 ? inFlight : n == 2 ? replaying : null)?.Wait(30000);
                return Reply.Ok();
            });
            string cacheDir = Path.Combine(Path.GetTempPath(), "af-cache-" + Guid.NewGuid().ToString("N"));
            using var h = Exporter(server, o => o.CacheDirectory = cacheDir, s => { s.MaxQueuedItems = 1; s.HttpTimeout = TimeSpan.FromSeconds(60); });
            var all = new List<Activity>();
            void Export(string name)
            {
                Activity[] f = Family(name);
                all.AddRange(f);
                h.Export(f);
            }

            Export("in flight");
            Assert.True(server.WaitFor(() => server.Count == 1, 30000), "first send reached the server");
            Export("queued");
            Export("spilled before the replay");
            Assert.Single(Directory.GetFiles(cacheDir, "*.envelope"));
            inFlight.Set();
            Assert.True(server.WaitFor(() => server.Count == 2, 30000), "the replay started");
            Export("spilled during the replay");
            Assert.Equal(2, Directory.GetFiles(cacheDir, "*.envelope").Length);
            replaying.Set();

            Assert.True(h.Exporter.WaitForIdle(30000));
            AssertEachDeliveredOnceFromAnEmptyCache(server, h, cacheDir, all);
        }

        [Fact]
        public async System.Threading.Tasks.Task AnEnvelopeBeingReplayedIsNotEvictedFromAFullCache()
        {
            // The cache holds one file; while it is being replayed, a spill pushes the cache over its bound. Every span
            // must end up exactly once: delivered, still cached, or counted as discarded, never delivered and counted.
            using var replaying = new ManualResetEventSlim();
            using var server = new LoopbackServer(n =>
            {
                if (n == 1)
                {
                    replaying.Wait(30000);
                }

                return Reply.Ok();
            });
            string cacheDir = Path.Combine(Path.GetTempPath(), "af-cache-" + Guid.NewGuid().ToString("N"));
            using var h = Exporter(server, o => { o.CacheDirectory = cacheDir; o.MaxCacheItems = 1; }, s => { s.MaxQueuedItems = 0; s.HttpTimeout = TimeSpan.FromSeconds(60); });
            Activity[] first = Family("cached first");
            h.Export(first); // a send queue of 0: straight to the cache
            Assert.Single(Directory.GetFiles(cacheDir, "*.envelope"));
            var flush = System.Threading.Tasks.Task.Run(() => h.Exporter.ForceFlush(30000));
            Assert.True(server.WaitFor(() => server.Count == 1, 30000), "the replay started");
            Activity[] second = Family("spilled during the replay");
            h.Export(second);
            replaying.Set();
            Assert.True(await flush.WaitAsync(TimeSpan.FromSeconds(40)));

            var delivered = server.Delivered("transaction").AllSpanIds().ToList();
            var cached = Directory.GetFiles(cacheDir, "*.envelope").Select(f => ParsedEnvelope.Parse(File.ReadAllBytes(f))).AllSpanIds().ToList();
            int counted = Reports(server).Where(r => r.Category == "span").Sum(r => r.Quantity);
            Assert.All(first, x => Assert.Contains(x.SpanId.ToHexString(), delivered)); // the envelope in flight arrived
            Assert.Equal(delivered.Count, delivered.Distinct().Count());
            Assert.Empty(cached.Intersect(delivered));
            Assert.Equal(first.Length + second.Length, delivered.Count + cached.Count + counted);
            Directory.Delete(cacheDir, true);
        }

        [Fact]
        public void NoSpanIsLostThroughFlakyNetworkLateChildrenAndOrphans()
        {
            // Deterministic chaos: every 3rd request dropped, every 4th a 500, every 7th a 503; the cache keeps the rest.
            using var server = new LoopbackServer(n => n % 3 == 0 ? Reply.DropConnection() : n % 4 == 0 ? Reply.Status500() : n % 7 == 0 ? new Reply { Status = 503 } : Reply.Ok());
            string cacheDir = Path.Combine(Path.GetTempPath(), "af-cache-" + Guid.NewGuid().ToString("N"));
            using var h = Exporter(server, o => { o.CacheDirectory = cacheDir; o.RootGraceWindow = TimeSpan.FromMilliseconds(100); }, s => s.RetryDelays = new[] { TimeSpan.FromMilliseconds(5) });
            var expected = new HashSet<string>();
            var late = new List<Activity>();
            for (int i = 0; i < 30; i++)
            {
                Activity root = Spans.Root("req " + i, ActivityKind.Server);
                Activity child = Spans.Child(root, "db").End(1);
                Activity lateChild = Spans.Child(root, "background");
                late.Add(lateChild);
                root.End(5);
                h.Export(child, root);
                expected.UnionWith(new[] { root, child, lateChild }.Select(a => a.SpanId.ToHexString()));
                if (i % 5 == 0)
                {
                    Activity orphan = Spans.Orphan("orphan " + i).End();
                    expected.Add(orphan.SpanId.ToHexString());
                    h.Export(orphan);
                }
            }

            h.Advance(TimeSpan.FromSeconds(1));
            foreach (Activity l in late)
            {
                l.End(1000);
                h.Export(l);
            }

            Assert.True(h.Exporter.ForceFlush(30000));
            server.Behavior = _ => Reply.Ok();
            Activity final = Spans.Root("final").End();
            expected.Add(final.SpanId.ToHexString());
            h.Export(final);
            Assert.True(h.Exporter.ForceFlush(30000));

            var delivered = server.Delivered("transaction").ToList();
            Assert.Equal(expected.OrderBy(x => x), delivered.AllSpanIds().Distinct().OrderBy(x => x));
            Assert.Equal(0, h.Exporter.Dispatcher!.Reports.TotalRecorded);
            Assert.Contains(delivered, e => e.Data().HasTrue(EnvelopeSerializer.MarkerParentAlreadySent));
            Assert.Contains(delivered, e => e.Data().HasTrue(EnvelopeSerializer.MarkerOrphan));
            Directory.Delete(cacheDir, true);
        }

        [Fact]
        public void TheDsnKeyIsNeverLogged()
        {
            using var listener = new CollectingListener();
            using var server = new LoopbackServer(n => n % 2 == 0 ? Reply.DropConnection() : Reply.TooMany("1:transaction"));
            using (var h = Exporter(server))
            {
                h.Export(Family("a"));
                h.Export(Family("b"));
                h.Exporter.ForceFlush(10000);
            }

            Assert.NotEmpty(listener.Events);
            Assert.DoesNotContain(Key, listener.AllText());
        }
    }
}
