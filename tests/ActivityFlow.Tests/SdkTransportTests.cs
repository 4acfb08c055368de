using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using ActivityFlow.Internal;
using OpenTelemetry.Trace;
using Xunit;

namespace ActivityFlow.Tests
{
    /// <summary>The exporter's envelopes through the real Sentry SDK 7.0.0 to a real HTTP server on loopback.</summary>
    public class SdkTransportTests
    {
        private readonly Xunit.Abstractions.ITestOutputHelper _output;

        public SdkTransportTests(Xunit.Abstractions.ITestOutputHelper output)
        {
            _output = output;
        }

        private static string Dsn(LoopbackServer server, string key = "key") => "http://" + key + "@127.0.0.1:" + server.Port + "/1";

        private static (JsonElement Header, byte[] Payload, JsonElement Json) ItemOf(ParsedEnvelope e, string type) =>
            e.Items.Single(i => i.Header.GetProperty("type").GetString() == type);

        [Theory]
        [InlineData(TraceLifecycle.Static, "transaction")]
        [InlineData(TraceLifecycle.Stream, "span")]
        public void ThePrivateClientSendsThePayloadByteExact(TraceLifecycle lifecycle, string type)
        {
            using var server = new LoopbackServer();
            using var h = new Harness(o => { o.Dsn = Dsn(server, "pubkey"); o.TraceLifecycle = lifecycle; o.RootGraceWindow = TimeSpan.Zero; });
            Activity root = Spans.Root("GET /ünï", ActivityKind.Server, tags: new[] { new KeyValuePair<string, object?>("http.request.method", "GET") });
            Activity child = Spans.Child(root, "SELECT 1").End();
            root.End();
            h.Export(child, root);
            ParsedEnvelope written = Assert.Single(h.Flush());
            Assert.True(server.WaitFor(() => server.Delivered(type).Any()));

            Received request = server.Requests.Single(r => r.Envelope.Items.Any(i => i.Header.GetProperty("type").GetString() == type));
            Assert.Equal("/api/1/envelope/", request.Path);
            Assert.Contains("sentry_key=pubkey", request.Auth);
            ParsedEnvelope sent = request.Envelope;
            (JsonElement header, byte[] payload, _) = ItemOf(sent, type);
            Assert.Equal(written.Item.Payload, payload); // the SDK did not re-serialise it
            Assert.Equal(written.Item.Header.GetProperty("length").GetInt32(), header.GetProperty("length").GetInt32());
            Assert.Equal(root.TraceId.ToHexString(), sent.Header.GetProperty("trace").Str("trace_id"));
            Assert.Equal("pubkey", sent.Header.GetProperty("trace").Str("public_key"));
            Assert.Equal(ExporterSdk.Name, sent.Header.GetProperty("sdk").Str("name"));
            Assert.True(sent.Header.TryGetProperty("sent_at", out _));
            if (type == "transaction")
            {
                Assert.Equal(written.Header.Str("event_id"), sent.Header.Str("event_id"));
            }
            else
            {
                Assert.Equal(2, header.GetProperty("item_count").GetInt32());
                Assert.Equal(EnvelopeFraming.SpanV2ContentType, header.Str("content_type"));
            }
        }

        [Fact]
        public void RateLimitsAreAppliedByTheSdk()
        {
            using var server = new LoopbackServer(n => n == 1 ? Reply.TooMany(rateLimits: "60:transaction:key") : Reply.Ok());
            using var h = new Harness(o => { o.Dsn = Dsn(server); o.RootGraceWindow = TimeSpan.Zero; });
            for (int i = 0; i < 3; i++)
            {
                h.Export(Spans.Root("limited " + i).End());
                h.Flush();
            }

            Assert.Equal(1, server.Requests.Count(r => r.Envelope.Items.Any(i => i.Header.GetProperty("type").GetString() == "transaction")));
            Assert.Equal(0, h.Exporter.Sender.Reports.TotalRecorded); // the SDK counts what it drops, in its own client reports
        }

        [Fact]
        public void AFailedConnectionIsCountedAsNetworkError()
        {
            int port;
            using (var gone = new LoopbackServer())
            {
                port = gone.Port;
            }

            using var h = new Harness(o => { o.Dsn = "http://key@127.0.0.1:" + port + "/1"; o.RootGraceWindow = TimeSpan.Zero; o.EnvelopeDirectory = null; });
            h.Export(Spans.Root("unreachable").End());
            h.Exporter.WaitForIdle(10000);
            Assert.Equal(1, h.Exporter.Sender.Reports.Peek(DiscardReason.NetworkError, DataCategory.Transaction));
            Assert.Equal(1, h.Exporter.Sender.Reports.Peek(DiscardReason.NetworkError, DataCategory.Span));
        }

        [Fact]
        public void SpotlightAloneIsADestination()
        {
            using var server = new LoopbackServer();
            using var h = new Harness(o => { o.Spotlight = server.Url + "/stream"; o.EnvelopeDirectory = null; o.RootGraceWindow = TimeSpan.Zero; });
            Activity root = Spans.Root("to spotlight").End();
            h.Export(root);
            h.Flush();
            Assert.True(server.WaitFor(() => server.Delivered("transaction").Any()));
            Assert.Equal(new[] { root.SpanId.ToHexString() }, server.Delivered("transaction").AllSpanIds());
        }

        [Fact]
        public void AFullQueueCountsQueueOverflowAndTheReportReachesTheEnvelopeDirectory()
        {
            // The first send hangs while the rest arrive: the queue (1 MiB) holds what fits, the rest is counted.
            using var server = new LoopbackServer(n => n == 1 ? new Reply { DelayMs = 1500 } : Reply.Ok());
            using var h = new Harness(o => { o.Dsn = Dsn(server); o.RootGraceWindow = TimeSpan.Zero; o.MaxQueuedBytes = 1 << 20; }, collect: false);
            const int Roots = 400;
            string big = new string('x', 6000);
            for (int i = 0; i < Roots; i++)
            {
                h.Export(Spans.Root("big " + i, tags: new[] { new KeyValuePair<string, object?>("payload", big) }).End());
            }

            Assert.True(h.Exporter.ForceFlush(60000));
            long overflow = h.Exporter.Sender.Reports.TotalRecorded;
            Assert.True(overflow > 0, "some envelopes should not fit in 1 MiB");
            string dir = Path.Combine(h.Directory, "envelopes");
            int transactions = Directory.GetFiles(dir, "*_transaction.envelope").Length;
            JsonElement report = ParsedEnvelope.Parse(File.ReadAllBytes(Assert.Single(Directory.GetFiles(dir, "*_internal.envelope")))).Payload;
            long reported = report.GetProperty("discarded_events").EnumerateArray()
                .Where(d => d.Str("reason") == "queue_overflow" && d.Str("category") == "transaction")
                .Sum(d => d.GetProperty("quantity").GetInt64());
            Assert.Equal(Roots, transactions + reported);
            Assert.True(server.WaitFor(() => server.Delivered("transaction").Count() == transactions, 30000));
        }

        [Fact]
        public void ABurstArrivesWholeWithDefaultSettings()
        {
            // 5,000 requests of 6 spans ended as fast as this loop runs, every tenth with a child that ends after its
            // request was sent; through a real tracer provider with the default batch export processor.
            using var server = new LoopbackServer();
            string dir = Path.Combine(Path.GetTempPath(), "af-burst-" + Guid.NewGuid().ToString("N"));
            using var source = new ActivitySource("af.burst." + Guid.NewGuid().ToString("N"));
            const int Requests = 5000;
            var late = new List<Activity>();
            var expected = new HashSet<string>();
            using (TracerProvider provider = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
                .AddSource(source.Name)
                .AddSentryExporter(o => { o.Dsn = Dsn(server); o.EnvelopeDirectory = dir; })
                .Build()!)
            {
                var sw = Stopwatch.StartNew();
                for (int r = 0; r < Requests; r++)
                {
                    Activity root = source.StartActivity("POST /orders/{id}", ActivityKind.Server)!;
                    for (int c = 0; c < 5; c++)
                    {
                        source.StartActivity("step " + c)!.Stop();
                    }

                    if (r % 10 == 0)
                    {
                        late.Add(source.StartActivity("late")!);
                        Activity.Current = root;
                    }

                    root.Stop();
                    Activity.Current = null;
                }

                _output.WriteLine($"{Requests} requests ended in {sw.ElapsedMilliseconds} ms");
                Assert.True(provider.ForceFlush(120000)); // the requests go out
                foreach (Activity a in late)
                {
                    a.Stop(); // ended after their requests were sent: promoted
                }

                Assert.True(provider.ForceFlush(120000));
                _output.WriteLine($"handed over {sw.ElapsedMilliseconds} ms after the first request ended");
            }

            string[] files = Directory.GetFiles(dir, "*_transaction.envelope");
            Assert.Equal(Requests + late.Count, files.Length);
            Assert.Empty(Directory.GetFiles(dir, "*_internal.envelope")); // no client report: nothing discarded
            Assert.Equal(Requests * 6 + late.Count, files.Select(f => ParsedEnvelope.Parse(File.ReadAllBytes(f))).AllSpanIds().Distinct().Count());
            Assert.True(server.WaitFor(() => server.Count >= Requests + late.Count, 60000), server.Count + " envelopes arrived");
            List<ParsedEnvelope> delivered = server.Delivered("transaction").ToList();
            Assert.Equal(Requests + late.Count, delivered.Count);
            Assert.Equal(Requests * 6 + late.Count, delivered.AllSpanIds().Distinct().Count());
            // Every late child is a transaction of its own under its request: promoted at once while its parent is in
            // the sent-span cache (16,384 ids; the burst sent 30,000), else when the flush drained it as an orphan.
            var lateIds = late.Select(a => a.SpanId.ToHexString()).ToHashSet();
            var lateTransactions = delivered.Select(e => ItemOf(e, "transaction").Json.GetProperty("contexts").GetProperty("trace"))
                .Where(t => lateIds.Contains(t.Str("span_id"))).ToList();
            Assert.Equal(late.Count, lateTransactions.Count);
            Assert.All(lateTransactions, t => Assert.True(t.GetProperty("data").HasTrue(Markers.ParentAlreadySent) || t.GetProperty("data").HasTrue(Markers.Orphan)));
            _output.WriteLine($"late children promoted at once: {lateTransactions.Count(t => t.GetProperty("data").HasTrue(Markers.ParentAlreadySent))}, drained as orphans: {lateTransactions.Count(t => t.GetProperty("data").HasTrue(Markers.Orphan))}");
            Directory.Delete(dir, true);
        }
    }
}
