using System.Net;
using System.Net.Sockets;
using ActivityFlow;
using OpenTelemetry;
using Sentry;

namespace OrderService.Demo;

/// <summary>
/// Runs the service as <c>Program.cs</c> wires it — Kestrel on loopback, OpenTelemetry's ASP.NET Core and HttpClient
/// instrumentation, the Sentry SDK with <c>UseActivityFlow()</c>, Confluent.Kafka against librdkafka's mock cluster —
/// places a few orders over HTTP, then prints what the Sentry SDK would have sent (its transport writes files here).
/// </summary>
internal static class DemoScenario
{
    private static readonly string[] Orders = ["A-1001", "A-1002"];

    public static async Task<int> RunAsync(
        string envelopeDirectory,
        Func<string[], Action<SentryOptions>?, Action<SentryExporterOptions>?, WebApplication> createApp)
    {
        if (Directory.Exists(envelopeDirectory))
        {
            Directory.Delete(envelopeDirectory, recursive: true);
        }

        Directory.CreateDirectory(envelopeDirectory);
        using var recorder = new SpanRecorder(Telemetry.Source.Name);
        using var kafka = await MockKafkaCluster.StartAsync("orders");
        var address = "http://127.0.0.1:" + FreePort();
        string[] settings =
        [
            "--urls", address,
            "--Kafka:BootstrapServers", kafka.BootstrapServers,
            "--Prices:BaseAddress", address + "/",
            "--Tracing:SamplingRatio", "1", // every trace, so the figures below are complete
            "--Logging:LogLevel:Default", "Warning",
        ];
        var app = createApp(
            settings,
            sentry =>
            {
                sentry.Dsn = "https://demo@sentry.invalid/1"; // never contacted: the transport writes files
                sentry.Environment = "demo";
                sentry.Transport = new EnvelopeFileTransport(envelopeDirectory);
            },
            exporter =>
            {
                // Each span handed over as it ends, and a short grace window: work outliving its request really ends
                // after the request's transaction was sent.
                exporter.ExportProcessorType = ExportProcessorType.Simple;
                exporter.RootGraceWindow = TimeSpan.FromMilliseconds(50);
            });
        await app.StartAsync();

        // The projection's consumer has joined the group once it has read the message that created the topic.
        if (!await recorder.WaitForAsync(a => a.OperationName == "orders process" && (a.GetTagItem("order.id") as string) == "warm-up", TimeSpan.FromSeconds(60)))
        {
            Console.WriteLine("  (the Kafka consumer had not joined after 60 s: its spans may be missing below)");
        }

        using (var client = new HttpClient(new UntracedHandler()) { BaseAddress = new Uri(address) })
        {
            foreach (var order in Orders)
            {
                using var response = await client.PostAsync("/orders/" + order, content: null);
                response.EnsureSuccessStatusCode();
            }
        }

        // Bounded: background work (deliveries, e-mails, re-pricing, the first timer tick) ends well within this.
        var quiet = await recorder.WaitUntilQuietAsync(quiet: TimeSpan.FromMilliseconds(500), limit: TimeSpan.FromSeconds(15));
        await app.StopAsync(); // shuts the tracer provider down (it drains) and flushes Sentry
        await app.DisposeAsync();

        TraceReport.Print(EnvelopeSpans.Read(envelopeDirectory), recorder.Stopped);
        if (!quiet)
        {
            Console.WriteLine("  (background work was still running after 15 s: the figures above may be incomplete)");
        }

        return 0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The demo's own requests are not part of the service: no client span, no traceparent.</summary>
    private sealed class UntracedHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using (SuppressInstrumentationScope.Begin())
            {
                return await base.SendAsync(request, cancellationToken);
            }
        }
    }
}
