using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace ActivityFlow.Benchmarks.Exporter;

/// <summary>
/// Finished, recorded activities in export batches of 512, 8 tags each, as a busy service produces them:
/// 44 traces of a root and 9 children (half the roots have a remote parent, like an incoming HTTP request or Kafka
/// message), 48 late children whose parent is a root of the previous batch (already sent), and 24 orphans whose local
/// parent never arrives. Batches are built once and cycled; the cycle is 4× the default sent-span cache, so a batch's
/// ids have been evicted when it comes round again and every pass sees the same mix.
/// </summary>
internal sealed class SpanWorkload
{
    public const int BatchSize = 512;
    public const int TracesPerBatch = 44;
    public const int ChildrenPerTrace = 9;
    public const int LateChildrenPerBatch = 48;
    public const int OrphansPerBatch = 24;
    public const int TagsPerSpan = 8;
    public const int DefaultBatchCount = 128;

    private static readonly ActivitySource Source = new("ActivityFlow.Benchmarks");
    private static readonly ActivityListener Listener = CreateListener();
    private static readonly DateTime T0 = new(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc);

    private SpanWorkload(Activity[][] batches)
    {
        Batches = batches;
    }

    public Activity[][] Batches { get; }

    public int SpanCount => Batches.Length * BatchSize;

    public static SpanWorkload Create(int batchCount = DefaultBatchCount)
    {
        GC.KeepAlive(Listener);
        var random = new Random(42);
        var batches = new Activity[batchCount][];
        var roots = new Activity[batchCount][];
        for (int b = 0; b < batchCount; b++)
        {
            roots[b] = new Activity[TracesPerBatch];
        }

        // Roots first (late children of batch b refer to the roots of batch b - 1, cyclically).
        for (int b = 0; b < batchCount; b++)
        {
            for (int t = 0; t < TracesPerBatch; t++)
            {
                var parent = t % 2 == 0
                    ? new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true)
                    : default;
                roots[b][t] = Start(parent, ActivityKind.Server, "GET /api/orders/{id}", ServerTags(random), b, 0);
            }
        }

        for (int b = 0; b < batchCount; b++)
        {
            var batch = new List<Activity>(BatchSize);
            var previousRoots = roots[(b + batchCount - 1) % batchCount];
            int late = 0;
            int orphans = 0;
            for (int t = 0; t < TracesPerBatch; t++)
            {
                var root = roots[b][t];
                for (int c = 0; c < ChildrenPerTrace; c++)
                {
                    batch.Add(End(Child(root.Context, c, random, b), 1 + c));
                }

                batch.Add(End(root, 20));

                // Late children and orphans arrive between the traces.
                if (late < LateChildrenPerBatch)
                {
                    batch.Add(End(Child(previousRoots[late % TracesPerBatch].Context, late, random, b), 50));
                    late++;
                }

                if (t % 2 == 0 && orphans < OrphansPerBatch)
                {
                    var missingParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
                    batch.Add(End(Child(missingParent, orphans, random, b), 5));
                    orphans++;
                }
            }

            while (late < LateChildrenPerBatch)
            {
                batch.Add(End(Child(previousRoots[late % TracesPerBatch].Context, late, random, b), 50));
                late++;
            }

            while (orphans < OrphansPerBatch)
            {
                var missingParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
                batch.Add(End(Child(missingParent, orphans, random, b), 5));
                orphans++;
            }

            if (batch.Count != BatchSize)
            {
                throw new InvalidOperationException($"batch of {batch.Count} spans, expected {BatchSize}");
            }

            batches[b] = batch.ToArray();
        }

        return new SpanWorkload(batches);
    }

    private static Activity Child(ActivityContext parent, int index, Random random, int batch) => (index % 4) switch
    {
        0 => Start(parent, ActivityKind.Client, "GET", HttpClientTags(random), batch, 1),
        1 => Start(parent, ActivityKind.Client, "SELECT orders", DbTags(random), batch, 2),
        2 => Start(parent, ActivityKind.Producer, "orders publish", MessagingTags(random), batch, 3),
        _ => Start(parent, ActivityKind.Internal, "price order", InternalTags(random), batch, 4),
    };

    private static Activity Start(ActivityContext parent, ActivityKind kind, string name, KeyValuePair<string, object?>[] tags, int batch, double offsetMs)
    {
        Activity.Current = null;
        var activity = Source.StartActivity(kind, parent, tags, links: null, T0.AddSeconds(batch).AddMilliseconds(offsetMs), name)
            ?? throw new InvalidOperationException("the listener did not sample the activity");
        Activity.Current = null;
        if (tags.Length != TagsPerSpan)
        {
            throw new InvalidOperationException("8 tags per span");
        }

        return activity;
    }

    private static Activity End(Activity activity, double durationMs)
    {
        activity.SetEndTime(activity.StartTimeUtc.AddMilliseconds(durationMs));
        activity.Stop();
        Activity.Current = null;
        return activity;
    }

    private static KeyValuePair<string, object?>[] ServerTags(Random random) => new KeyValuePair<string, object?>[]
    {
        new("http.request.method", "GET"),
        new("url.path", "/api/orders/" + random.Next(100_000)),
        new("url.scheme", "https"),
        new("http.route", "/api/orders/{id}"),
        new("http.response.status_code", random.Next(20) == 0 ? 500 : 200),
        new("server.address", "orders.internal"),
        new("client.address", "10.0.3." + random.Next(255)),
        new("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"),
    };

    private static KeyValuePair<string, object?>[] HttpClientTags(Random random) => new KeyValuePair<string, object?>[]
    {
        new("http.request.method", "GET"),
        new("url.full", "http://inventory.internal/items/" + random.Next(10_000)),
        new("server.address", "inventory.internal"),
        new("server.port", 80),
        new("http.response.status_code", 200),
        new("network.protocol.version", "1.1"),
        new("http.request.resend_count", 0),
        new("peer.service", "inventory"),
    };

    private static KeyValuePair<string, object?>[] DbTags(Random random) => new KeyValuePair<string, object?>[]
    {
        new("db.system", "postgresql"),
        new("db.namespace", "orders"),
        new("db.operation.name", "SELECT"),
        new("db.collection.name", "orders"),
        new("db.query.text", "SELECT id, sku, quantity FROM orders WHERE id = @id"),
        new("server.address", "db.internal"),
        new("server.port", 5432),
        new("db.response.returned_rows", random.Next(10)),
    };

    private static KeyValuePair<string, object?>[] MessagingTags(Random random) => new KeyValuePair<string, object?>[]
    {
        new("messaging.system", "kafka"),
        new("messaging.operation.type", "publish"),
        new("messaging.destination.name", "orders"),
        new("messaging.destination.partition.id", random.Next(12).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("messaging.kafka.message.key", "order-" + random.Next(100_000)),
        new("messaging.client.id", "orders-service"),
        new("server.address", "kafka.internal"),
        new("messaging.message.body.size", 200 + random.Next(800)),
    };

    private static KeyValuePair<string, object?>[] InternalTags(Random random) => new KeyValuePair<string, object?>[]
    {
        new("order.id", "order-" + random.Next(100_000)),
        new("order.items", random.Next(1, 20)),
        new("order.currency", "EUR"),
        new("order.total", random.Next(1, 100_000) / 100.0),
        new("customer.tier", "gold"),
        new("pricing.rule", "volume-discount"),
        new("pricing.cached", random.Next(2) == 0),
        new("code.function.name", "PriceCalculator.Total"),
    };

    private static ActivityListener CreateListener()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "ActivityFlow.Benchmarks",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
