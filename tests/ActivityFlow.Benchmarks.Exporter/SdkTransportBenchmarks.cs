using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using ActivityFlow.Internal;
using BenchmarkDotNet.Attributes;
using Sentry;
using Sentry.Protocol.Envelopes;

namespace ActivityFlow.Benchmarks.Exporter;

/// <summary>
/// What handing a transaction of 10 spans (8 tags each) to the Sentry SDK costs per span, up to the bytes its transport
/// writes to the request stream (no network, no gzip): ActivityFlow's serialised envelope wrapped as the SDK's
/// <see cref="Envelope"/> and written by the SDK, beside the SDK's own object route, <c>RecordTransaction</c> (measured
/// on the calling thread: building the objects and queueing them; the SDK's worker writes the envelope elsewhere).
/// Also: tracking a span's start and end for the unfinished-at-shutdown export.
/// </summary>
[Config(typeof(ExporterBenchmarkConfig))]
public class SdkTransportBenchmarks
{
    private const int Spans = 10;
    private static readonly ActivitySource Source = new("ActivityFlow.Benchmarks.SdkTransport");
    private ActivityListener _listener = null!;
    private Activity[] _spans = null!;
    private SerializedEnvelope _envelope = null!;
    private EnvelopeSerializer _serializer = null!;
    private RunningSpans _running = null!;
    private readonly List<SerializedEnvelope> _envelopes = new();

    [GlobalSetup]
    public void Setup()
    {
        ActivitySource source = Source; // created before the listener looks at the sources
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == Source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
        Activity root = Source.StartActivity("GET /orders/{id}", ActivityKind.Server)!;
        _spans = new Activity[Spans];
        for (int i = 1; i < Spans; i++)
        {
            Activity child = Source.StartActivity("SELECT orders", ActivityKind.Client)!;
            Tag(child, i);
            child.Stop();
            _spans[i] = child;
        }

        Tag(root, 0);
        root.Stop();
        _spans[0] = root;
        var identity = new EnvelopeIdentity("production", "shop@1.0.0", "publickey");
        _serializer = new EnvelopeSerializer(TimeProvider.System, () => identity);
        _serializer.Serialize(Work(), _envelopes);
        _envelope = _envelopes[0];
        _running = new RunningSpans(SentryExporterOptions.DefaultMaxRunningSpans);
        SentrySdk.Init(o =>
        {
            o.Dsn = "http://publickey@127.0.0.1:9/1";
            o.Transport = new WritingTransport(); // the worker writes each transaction's envelope, off this thread
            o.MaxQueueItems = 100_000;
            o.AutoSessionTracking = false;
        });
        _hub = Sentry.Extensibility.HubAdapter.Instance;
    }

    private Sentry.IHub _hub = null!;

    private static void Tag(Activity a, int i)
    {
        a.SetTag("http.request.method", "GET");
        a.SetTag("http.route", "/orders/{id}");
        a.SetTag("url.path", "/orders/" + i);
        a.SetTag("http.response.status_code", 200);
        a.SetTag("db.system.name", "postgresql");
        a.SetTag("db.query.text", "SELECT * FROM orders WHERE id = @id");
        a.SetTag("server.address", "db.internal");
        a.SetTag("order.id", "A-" + i);
    }

    private TransactionWork Work() => new(_spans[0], _spans[1..], Promotion.None);

    [GlobalCleanup]
    public void Cleanup()
    {
        _envelope.Release();
        _serializer.Dispose();
        _listener.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Spans, Description = "ActivityFlow's envelope handed to the SDK and written by it (per span)")]
    public void ActivityFlowThroughTheSdk()
    {
        using Envelope envelope = SdkEnvelopes.From(_envelope, copyPayload: false);
        envelope.Serialize(Stream.Null, null);
    }

    [Benchmark(OperationsPerInvoke = Spans, Description = "ActivityFlow serialisation + handing to the SDK (per span)")]
    public void ActivityFlowSerializedAndThroughTheSdk()
    {
        _serializer.Serialize(Work(), _envelopes);
        foreach (SerializedEnvelope e in _envelopes)
        {
            using Envelope envelope = SdkEnvelopes.From(e, copyPayload: false);
            envelope.Serialize(Stream.Null, null);
            e.Release();
        }

        _envelopes.Clear();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Spans, Description = "Sentry's RecordTransaction of the same spans (calling thread; per span)")]
    public SentryId SentryRecordTransaction()
    {
        Activity root = _spans[0];
        return _hub.RecordTransaction(root.DisplayName, "http.server", root.StartTimeUtc, root.Duration,
            SentryId.Parse(root.TraceId.ToHexString()), SpanId.Parse(root.SpanId.ToHexString()), configure: recorder =>
            {
                foreach (KeyValuePair<string, object?> tag in root.EnumerateTagObjects())
                {
                    recorder.SetData(tag.Key, tag.Value);
                }

                for (int i = 1; i < Spans; i++)
                {
                    Activity a = _spans[i];
                    recorder.RecordSpan("db", a.StartTimeUtc, a.Duration, SpanId.Parse(a.SpanId.ToHexString()), span =>
                    {
                        span.Description = a.DisplayName;
                        foreach (KeyValuePair<string, object?> tag in a.EnumerateTagObjects())
                        {
                            span.SetData(tag.Key, tag.Value);
                        }
                    });
                }
            });
    }

    /// <summary>The SDK's transport with the network left out: it writes each envelope to nowhere.</summary>
    private sealed class WritingTransport : Sentry.Extensibility.ITransport
    {
        public System.Threading.Tasks.Task SendEnvelopeAsync(Envelope envelope, System.Threading.CancellationToken cancellationToken = default) =>
            envelope.SerializeAsync(Stream.Null, null, cancellationToken);
    }

    [Benchmark(OperationsPerInvoke = Spans, Description = "Tracking a span's start and end (unfinished-at-shutdown export, per span)")]
    public void TrackStartAndEnd()
    {
        foreach (Activity a in _spans)
        {
            _running.Started(a);
            _running.Ended(a);
        }
    }
}
