using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Linq;
using ActivityFlow.Internal;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit;

namespace ActivityFlow.Tests
{
    public class OptionsTests
    {
        private static ExporterSettings Resolve(Action<SentryExporterOptions> configure, Dictionary<string, string>? env = null)
        {
            var o = new SentryExporterOptions();
            configure(o);
            return ExporterSettings.Resolve(o, k => env is not null && env.TryGetValue(k, out string? v) ? v : null);
        }

        [Fact]
        public void DsnIsKeptForTheSdkAndItsPublicKeyGoesIntoTheSamplingContext()
        {
            ExporterSettings s = Resolve(o => o.Dsn = "https://abc123@o42.ingest.sentry.io/9876");
            Assert.Equal("https://abc123@o42.ingest.sentry.io/9876", s.Dsn);
            Assert.Equal("abc123", SentryDestinations.IdentityFor(s, null, s.Dsn).PublicKey);
            Assert.Equal("key", ExporterSettings.PublicKeyOf("http://key:secret@localhost:9000/sentry/sub/17"));
        }

        [Theory]
        [InlineData("not a uri")]
        [InlineData("ftp://key@host/1")]
        [InlineData("https://host/1")]
        [InlineData("https://supersecretkey@host/")]
        [InlineData("https://supersecretkey@host")]
        [InlineData("https://supersecretkey@host/1?x=y")]
        [InlineData("https://supersecretkey@host/pro ject")]
        [InlineData("https://:pw@host/1")]
        public void InvalidDsnFailsNamingTheOptionWithoutTheKey(string dsn)
        {
            var e = Assert.Throws<ArgumentException>(() => Resolve(o => o.Dsn = dsn));
            Assert.Contains("Dsn", e.Message);
            Assert.DoesNotContain("supersecretkey", e.Message);
        }

        [Fact]
        public void InvalidDsnFailsAtConfiguration()
        {
            var e = Assert.Throws<ArgumentException>(() => OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSentryExporter(o => o.Dsn = "https://host/1"));
            Assert.Contains("SentryExporterOptions.Dsn", e.Message);
        }

        [Theory]
        [InlineData("RootGraceWindow")]
        [InlineData("PendingSpanTimeout")]
        [InlineData("SentSpanCacheCapacity")]
        [InlineData("MaxPendingSpans")]
        [InlineData("Spotlight")]
        [InlineData("EnvelopeDirectory")]
        [InlineData("MaxCacheItems")]
        [InlineData("MaxQueuedBytes")]
        [InlineData("MaxRunningSpans")]
        [InlineData("Environment")]
        [InlineData("TraceLifecycle")]
        public void InvalidOptionsNameTheOption(string option)
        {
            Action<SentryExporterOptions> bad = option switch
            {
                "RootGraceWindow" => o => o.RootGraceWindow = TimeSpan.FromSeconds(-1),
                "PendingSpanTimeout" => o => o.PendingSpanTimeout = TimeSpan.Zero,
                "SentSpanCacheCapacity" => o => o.SentSpanCacheCapacity = 1,
                "MaxPendingSpans" => o => o.MaxPendingSpans = 0,
                "Spotlight" => o => o.Spotlight = "maybe",
                "EnvelopeDirectory" => o => o.EnvelopeDirectory = "bad\0path",
                "MaxCacheItems" => o => o.MaxCacheItems = 0,
                "MaxQueuedBytes" => o => o.MaxQueuedBytes = 1000,
                "MaxRunningSpans" => o => o.MaxRunningSpans = -1,
                "Environment" => o => o.Environment = "line\nbreak",
                _ => o => o.TraceLifecycle = (TraceLifecycle)7,
            };
            var e = Assert.Throws<ArgumentException>(() => Resolve(bad));
            Assert.Contains(option, e.Message);
        }

        [Fact]
        public void EnvironmentVariablesFillWhatCodeLeavesUnset()
        {
            var env = new Dictionary<string, string>
            {
                ["SENTRY_DSN"] = "https://envkey@sentry.example.com/5",
                ["SENTRY_ENVIRONMENT"] = "envenv",
                ["SENTRY_RELEASE"] = "envrel",
                ["SENTRY_SPOTLIGHT"] = "true",
            };
            ExporterSettings s = Resolve(_ => { }, env);
            Assert.Null(s.Dsn); // SENTRY_DSN is for a private client only when the application has no Sentry of its own
            Assert.Equal("https://envkey@sentry.example.com/5", s.DsnFromEnvironment);
            EnvelopeIdentity standalone = SentryDestinations.IdentityFor(s, null, s.DsnFromEnvironment);
            Assert.Equal("envkey", standalone.PublicKey);
            Assert.Equal("envenv", standalone.Environment);
            Assert.Equal("envrel", standalone.Release);
            EnvelopeIdentity app = SentryDestinations.IdentityFor(s, new Sentry.SentryOptions { Environment = "appenv", Release = "apprel" }, "https://appkey@sentry.example.com/7");
            Assert.Equal(("appenv", "apprel", "appkey"), (app.Environment, app.Release, app.PublicKey));
            Assert.Equal(new Uri(SentryExporterOptions.DefaultSpotlightUrl), s.SpotlightUrl);

            ExporterSettings code = Resolve(o => { o.Dsn = "https://codekey@sentry.example.com/6"; o.Environment = "codeenv"; o.Release = "coderel"; o.Spotlight = "off"; }, env);
            Assert.Equal("codekey", ExporterSettings.PublicKeyOf(code.Dsn));
            EnvelopeIdentity wins = SentryDestinations.IdentityFor(code, new Sentry.SentryOptions { Environment = "appenv", Release = "apprel" }, code.Dsn);
            Assert.Equal(("codeenv", "coderel"), (wins.Environment, wins.Release));
            Assert.Null(code.SpotlightUrl);

            var badEnv = Assert.Throws<ArgumentException>(() => Resolve(_ => { }, new Dictionary<string, string> { ["SENTRY_DSN"] = "https://nokeyhost/1x/" }));
            Assert.Contains("SENTRY_DSN", badEnv.Message);
        }

        [Fact]
        public void DefaultsAreDocumented()
        {
            ExporterSettings s = Resolve(_ => { });
            Assert.Null(s.Dsn);
            Assert.Equal("production", SentryDestinations.IdentityFor(s, null, null).Environment);
            Assert.Equal(64L * 1024 * 1024, s.MaxQueuedBytes);
            Assert.Equal(4096, s.MaxRunningSpans);
            Assert.Equal(TimeSpan.FromMinutes(5), s.PendingSpanTimeout);
            Assert.Equal(TraceLifecycle.Static, s.TraceLifecycle);
            Assert.True(s.SendClientReports);
            Assert.Equal(new Uri("http://127.0.0.1:1234/stream"), Resolve(o => o.Spotlight = "http://127.0.0.1:1234/stream").SpotlightUrl);
        }

        [Fact]
        public void NoDestinationLogsOneWarningAndCountsWhatWaitedAtShutdown()
        {
            using var listener = new CollectingListener();
            var exporter = new SentryExporter(new ExporterSettings { RootGraceWindow = TimeSpan.Zero }, new ExporterSeams { StartTimer = false });
            Activity a = Spans.Root("r").End();
            Activity b = Spans.Root("s").End();
            Assert.Equal(ExportResult.Success, exporter.Export(new Batch<Activity>(new[] { a }, 1)));
            Assert.Equal(ExportResult.Success, exporter.Export(new Batch<Activity>(new[] { b }, 1)));
            Assert.False(exporter.ForceFlush(300)); // nowhere to send: the envelopes wait for the application's Sentry
            Assert.False(exporter.Shutdown(300));
            Assert.Equal(1, listener.Events.Count(e => e.EventName == "NoDestination"));
            Assert.Equal(EventLevel.Warning, listener.Events.First(e => e.EventName == "NoDestination").Level);
            Assert.Equal(4, exporter.Sender.Reports.TotalRecorded); // 2 transactions + 2 spans, queue_overflow
        }

        [Fact]
        public void AddSentryExporterBuildsAWorkingProvider()
        {
            string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "af-provider-" + Guid.NewGuid().ToString("N"));
            using var source = new ActivitySource("af.provider.test");
            using (TracerProvider provider = Sdk.CreateTracerProviderBuilder()
                .AddSource(source.Name)
                .AddSentryExporter(o => { o.EnvelopeDirectory = dir; o.RootGraceWindow = TimeSpan.Zero; })
                .Build()!)
            {
                using (Activity? a = source.StartActivity("hello"))
                {
                    Assert.NotNull(a);
                }

                Assert.True(provider.ForceFlush(10000));
            }

            string file = Assert.Single(System.IO.Directory.GetFiles(dir, "*.envelope"));
            ParsedEnvelope e = ParsedEnvelope.Parse(System.IO.File.ReadAllBytes(file));
            Assert.Equal("hello", e.Payload.Str("transaction"));
            System.IO.Directory.Delete(dir, true);
        }
    }

    internal sealed class CollectingListener : EventListener
    {
        public readonly ConcurrentQueue<EventWrittenEventArgs> Events = new ConcurrentQueue<EventWrittenEventArgs>();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "ActivityFlow-Sentry")
            {
                EnableEvents(eventSource, EventLevel.Verbose);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData) => Events.Enqueue(eventData);

        public string AllText() => string.Join("\n", Events.Select(e => e.EventName + " " + string.Join(" ", e.Payload ?? (System.Collections.Generic.IReadOnlyList<object?>)Array.Empty<object?>())));
    }
}
