using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using ActivityFlow.Internal;
using OpenTelemetry;

namespace ActivityFlow.Tests
{
    /// <summary>A clock the test moves by hand.</summary>
    internal sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000_000;
        private DateTimeOffset _utc = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public override DateTimeOffset GetUtcNow()
        {
            lock (this)
            {
                return _utc;
            }
        }

        public void Advance(TimeSpan by)
        {
            Interlocked.Add(ref _ticks, by.Ticks);
            lock (this)
            {
                _utc += by;
            }
        }
    }

    /// <summary>Creates real, recorded activities with explicit parents and times.</summary>
    internal static class Spans
    {
        public const string SourceName = "ActivityFlow.Tests.Spans";
        public static readonly ActivitySource Source = new ActivitySource(SourceName);
        private static readonly ActivityListener Listener;
        public static readonly DateTime T0 = new DateTime(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc);

        static Spans()
        {
            Listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> o) =>
                    o.Parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) || o.Parent == default
                        ? ActivitySamplingResult.AllDataAndRecorded
                        : ActivitySamplingResult.AllData,
            };
            ActivitySource.AddActivityListener(Listener);
        }

        public static Activity Root(string name = "root", ActivityKind kind = ActivityKind.Internal, double startMs = 0, IEnumerable<KeyValuePair<string, object?>>? tags = null)
        {
            Activity.Current = null;
            var a = Source.StartActivity(kind, default(ActivityContext), tags, null, T0.AddMilliseconds(startMs), name)!;
            a.DisplayName = name;
            Activity.Current = null;
            return a;
        }

        public static Activity Child(Activity parent, string name = "child", ActivityKind kind = ActivityKind.Internal, double startMs = 1, IEnumerable<KeyValuePair<string, object?>>? tags = null)
            => Under(parent.Context, name, kind, startMs, tags);

        public static Activity Under(ActivityContext parent, string name = "child", ActivityKind kind = ActivityKind.Internal, double startMs = 1, IEnumerable<KeyValuePair<string, object?>>? tags = null, IEnumerable<ActivityLink>? links = null)
        {
            Activity.Current = null;
            var a = Source.StartActivity(kind, parent, tags, links, T0.AddMilliseconds(startMs), name)!;
            a.DisplayName = name;
            Activity.Current = null;
            return a;
        }

        public static Activity RemoteChild(ActivityTraceId traceId, ActivitySpanId parent, string name = "remote-root", ActivityKind kind = ActivityKind.Server)
            => Under(new ActivityContext(traceId, parent, ActivityTraceFlags.Recorded, isRemote: true), name, kind);

        /// <summary>An orphan: a child of a local parent that is never created.</summary>
        public static Activity Orphan(string name = "orphan", ActivityTraceId? trace = null)
            => Under(new ActivityContext(trace ?? ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: false), name);

        public static Activity End(this Activity a, double durationMs = 10)
        {
            a.SetEndTime(a.StartTimeUtc.AddMilliseconds(durationMs));
            Activity? current = Activity.Current;
            a.Stop();
            Activity.Current = null;
            return a;
        }
    }

    /// <summary>One parsed envelope.</summary>
    internal sealed class ParsedEnvelope
    {
        public JsonElement Header;
        public List<(JsonElement Header, byte[] Payload, JsonElement Json)> Items = new List<(JsonElement, byte[], JsonElement)>();

        public (JsonElement Header, byte[] Payload, JsonElement Json) Item => Items.Single();

        public string ItemType => Item.Header.GetProperty("type").GetString()!;

        public JsonElement Payload => Item.Json;

        /// <summary>Parses an envelope strictly: header line, then per item a header line, exactly <c>length</c> bytes, a newline.</summary>
        public static ParsedEnvelope Parse(byte[] bytes)
        {
            var result = new ParsedEnvelope();
            int pos = 0;
            int nl = Array.IndexOf(bytes, (byte)'\n', pos);
            if (nl < 0)
            {
                throw new FormatException("no envelope header line");
            }

            result.Header = JsonDocument.Parse(bytes.AsMemory(0, nl)).RootElement.Clone();
            pos = nl + 1;
            while (pos < bytes.Length)
            {
                nl = Array.IndexOf(bytes, (byte)'\n', pos);
                if (nl < 0)
                {
                    throw new FormatException("item header without newline");
                }

                JsonElement header = JsonDocument.Parse(bytes.AsMemory(pos, nl - pos)).RootElement.Clone();
                pos = nl + 1;
                int length = header.GetProperty("length").GetInt32();
                if (pos + length > bytes.Length)
                {
                    throw new FormatException("length runs past the end");
                }

                byte[] payload = bytes.AsSpan(pos, length).ToArray();
                pos += length;
                if (pos < bytes.Length)
                {
                    if (bytes[pos] != (byte)'\n')
                    {
                        throw new FormatException("payload not followed by a newline: length is wrong");
                    }

                    pos++;
                }

                JsonElement json = JsonDocument.Parse(payload).RootElement.Clone();
                result.Items.Add((header, payload, json));
            }

            return result;
        }

        public static byte[] Gunzip(byte[] body)
        {
            using var input = new MemoryStream(body);
            using var gz = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            gz.CopyTo(output);
            return output.ToArray();
        }
    }

    /// <summary>An exporter with a manual clock, no timer, fast retries, and every envelope collected.</summary>
    internal sealed class Harness : IDisposable
    {
        public readonly ManualClock Clock = new ManualClock();
        /// <summary>Copies of every envelope (the exporter returns its buffers to the pool after sending).</summary>
        public readonly ConcurrentQueue<byte[]> Envelopes = new ConcurrentQueue<byte[]>();
        public readonly SentryExporter Exporter;
        public readonly string Directory;

        public Harness(Action<SentryExporterOptions>? configure = null, Action<ExporterSeams>? seams = null, Func<string, string?>? environment = null, bool collect = true)
        {
            Directory = Path.Combine(Path.GetTempPath(), "activityflow-tests", Guid.NewGuid().ToString("N"));
            var options = new SentryExporterOptions { EnvelopeDirectory = Path.Combine(Directory, "envelopes") };
            configure?.Invoke(options);
            ExporterSettings settings = ExporterSettings.Resolve(options, environment ?? (_ => null));
            var s = new ExporterSeams
            {
                Clock = Clock,
                StartTimer = false,
                EnvelopeObserver = collect ? e => Envelopes.Enqueue(e.ToArray()) : null,
            };
            seams?.Invoke(s);
            Exporter = new SentryExporter(settings, s);
        }

        public StaticPipeline Static => (StaticPipeline)Exporter.Pipeline;

        public void Export(params Activity[] activities) => Exporter.Export(new Batch<Activity>(activities, activities.Length));

        public void Tick() => Exporter.Tick();

        public void Advance(TimeSpan by)
        {
            Clock.Advance(by);
            Exporter.Tick();
        }

        /// <summary>Waits for the worker, then returns the envelopes seen so far (parsed) and forgets them.</summary>
        public List<ParsedEnvelope> Take(int timeoutMs = 10000)
        {
            if (!Exporter.WaitForIdle(timeoutMs))
            {
                throw new TimeoutException("dispatcher not idle");
            }

            var list = new List<ParsedEnvelope>();
            while (Envelopes.TryDequeue(out byte[]? e))
            {
                list.Add(ParsedEnvelope.Parse(e));
            }

            return list;
        }

        public List<ParsedEnvelope> Flush()
        {
            Exporter.ForceFlush(10000);
            return Take();
        }

        public void Dispose()
        {
            Exporter.Shutdown(5000);
            Exporter.Dispose();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    internal static class Json
    {
        public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;

        public static JsonElement Trace(this ParsedEnvelope e) => e.Payload.GetProperty("contexts").GetProperty("trace");

        public static JsonElement Data(this ParsedEnvelope e) => e.Trace().GetProperty("data");

        public static int SpanCount(this ParsedEnvelope e) => e.Payload.GetProperty("spans").GetArrayLength();

        public static IEnumerable<string> AllSpanIds(this IEnumerable<ParsedEnvelope> envelopes)
        {
            // Every item: the SDK may add a client report of its own to an envelope it sends.
            foreach ((JsonElement header, _, JsonElement json) in envelopes.SelectMany(e => e.Items))
            {
                string type = header.Str("type");
                if (type == "transaction")
                {
                    yield return json.GetProperty("contexts").GetProperty("trace").Str("span_id");
                    foreach (JsonElement s in json.GetProperty("spans").EnumerateArray())
                    {
                        yield return s.Str("span_id");
                    }
                }
                else if (type == "span")
                {
                    foreach (JsonElement s in json.GetProperty("items").EnumerateArray())
                    {
                        yield return s.Str("span_id");
                    }
                }
            }
        }

        public static bool HasTrue(this JsonElement data, string key) =>
            data.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.True;
    }
}

namespace ActivityFlow.Tests
{
    internal static class Identities
    {
        public static readonly ActivityFlow.Internal.EnvelopeIdentity Default = new ActivityFlow.Internal.EnvelopeIdentity("production", null, null);
    }
}
