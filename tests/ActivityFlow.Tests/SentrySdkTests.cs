using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using ActivityFlow.Internal;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Sentry;
using Xunit;

namespace ActivityFlow.Tests
{
    /// <summary><c>SentrySdk.Init</c> is process-wide: these tests run alone, after the others.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class GlobalSentryCollection
    {
        public const string Name = "Global Sentry SDK";
    }

    [Collection(GlobalSentryCollection.Name)]
    public class UseActivityFlowTests
    {
        [Fact]
        public void TheApplicationsSentryCarriesTheTransactionsPastItsQueueBoundAndErrorsGetTheActivitysTrace()
        {
            using var server = new LoopbackServer();
            using (SentrySdk.Init(o =>
            {
                o.Dsn = "http://appkey@127.0.0.1:" + server.Port + "/1";
                o.Environment = "app-env";
                o.MaxQueueItems = 1; // the SDK's own queue would refuse all but one envelope of a burst
                o.TracesSampleRate = 1.0;
                o.AutoSessionTracking = false;
                o.UseActivityFlow();
            }))
            {
                using var h = new Harness(o => { o.EnvelopeDirectory = null; o.RootGraceWindow = TimeSpan.Zero; });
                Activity[] roots = Enumerable.Range(0, 50).Select(i => Spans.Root("burst " + i).End()).ToArray();
                h.Export(roots);
                Assert.True(h.Exporter.ForceFlush(30000));

                Activity request = Spans.Source.StartActivity("request", ActivityKind.Server)!;
                SentrySdk.CaptureException(new InvalidOperationException("declined"));
                request.Stop();
                Activity.Current = null;
                SentrySdk.Flush(TimeSpan.FromSeconds(10));

                Assert.False(SentrySdk.StartTransaction("sentry's own", "http.server").IsSampled); // the Activities are the traces

                Assert.True(server.WaitFor(() => server.Delivered("transaction").Count() == 50 && server.Delivered("event").Any(), 20000));
                Assert.Equal(roots.Select(r => r.SpanId.ToHexString()).OrderBy(x => x), server.Delivered("transaction").AllSpanIds().OrderBy(x => x));
                ParsedEnvelope first = server.Delivered("transaction").First();
                Assert.Equal("appkey", first.Header.GetProperty("trace").Str("public_key"));
                Assert.Equal("app-env", first.Items.Single(i => i.Header.Str("type") == "transaction").Json.Str("environment"));

                JsonElement error = server.Delivered("event").Single().Items.Single(i => i.Header.Str("type") == "event").Json;
                JsonElement trace = error.GetProperty("contexts").GetProperty("trace");
                Assert.Equal(request.TraceId.ToHexString(), trace.Str("trace_id"));
                Assert.Equal(request.SpanId.ToHexString(), trace.Str("span_id"));
                Assert.Equal(0, h.Exporter.Sender.Reports.TotalRecorded);
            }
        }
    }

    public class UnfinishedSpanTests
    {
        [Fact]
        public void ASpanStillRunningAtShutdownIsExportedAsDeadlineExceededWithItsFinishedChildren()
        {
            string dir = Path.Combine(Path.GetTempPath(), "af-unfinished-" + Guid.NewGuid().ToString("N"));
            using var source = new ActivitySource("af.unfinished." + Guid.NewGuid().ToString("N"));
            TracerProvider provider = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
                .AddSource(source.Name)
                .AddSentryExporter(o => o.EnvelopeDirectory = dir)
                .Build()!;
            Activity stuck = source.StartActivity("stuck loop")!;
            source.StartActivity("step")!.Stop();
            Activity.Current = null;

            provider.Dispose(); // shutdown: the stuck span is exported now, not lost
            stuck.Stop();

            ParsedEnvelope e = ParsedEnvelope.Parse(File.ReadAllBytes(Assert.Single(Directory.GetFiles(dir, "*_transaction.envelope"))));
            Assert.Equal(stuck.SpanId.ToHexString(), e.Trace().Str("span_id"));
            Assert.Equal("deadline_exceeded", e.Trace().Str("status"));
            Assert.True(e.Data().HasTrue(Markers.Unfinished));
            Assert.Equal(1, e.SpanCount());
            Assert.True(e.Payload.GetProperty("timestamp").GetDouble() >= e.Payload.GetProperty("start_timestamp").GetDouble());
            Directory.Delete(dir, true);
        }

        [Fact]
        public void TheTableOfRunningSpansIsBoundedAndForgetsWhatEnded()
        {
            var running = new RunningSpans(8);
            Activity[] started = Enumerable.Range(0, 100).Select(i => Spans.Root("s" + i)).ToArray();
            foreach (Activity a in started)
            {
                running.Started(a);
            }

            Assert.Equal(100 - 8, running.Untracked);
            foreach (Activity a in started.Take(50))
            {
                running.Ended(a.End());
            }

            var left = running.TakeRunning();
            Assert.All(left, a => Assert.False(a.IsStopped));
            Assert.True(left.Count <= 8);
            Assert.Empty(running.TakeRunning()); // taken once
            foreach (Activity a in started.Skip(50))
            {
                a.Stop();
            }
        }
    }
}
