using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace OrderService.Demo;

/// <summary>
/// Places a few orders through <see cref="OrdersController"/> the way ASP.NET Core would (a server Activity per
/// request), exports through the ActivityFlow exporter into an envelope directory, then prints what arrived there.
/// Kafka and the price service are in-process stand-ins: the demo needs nothing but the .NET SDK.
/// </summary>
internal static class DemoScenario
{
    private static readonly string[] Orders = ["A-1001", "A-1002"];

    public static async Task<int> RunAsync(string envelopeDirectory)
    {
        if (Directory.Exists(envelopeDirectory))
        {
            Directory.Delete(envelopeDirectory, recursive: true);
        }

        Directory.CreateDirectory(envelopeDirectory);
        using var recorder = new SpanRecorder(Telemetry.Source.Name);
        var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(Telemetry.Source.Name)
            .AddSentryExporter(o =>
            {
                o.EnvelopeDirectory = envelopeDirectory;
                o.Environment = "demo";
                // Short, so that work outliving its request really ends after the request's transaction was sent.
                o.RootGraceWindow = TimeSpan.FromMilliseconds(50);
                o.ExportProcessorType = ExportProcessorType.Simple;
                o.SendClientReports = false;
            })
            .Build();

        var topic = new InProcessTopic();
        var logs = NullLoggerFactory.Instance;
        using var producer = new InProcessProducer(topic);
        using var prices = new PriceCache(logs.CreateLogger<PriceCache>(), new InProcessPriceService());
        var emails = new EmailQueue();
        var projection = new OrderProjection(new InProcessConsumer(topic), logs.CreateLogger<OrderProjection>());
        var invoicing = new Invoicing();
        await emails.StartAsync(CancellationToken.None);
        await projection.StartAsync(CancellationToken.None);
        await invoicing.StartAsync(CancellationToken.None);
        var controller = new OrdersController(
            new AuditTrail(logs.CreateLogger<AuditTrail>()),
            prices,
            new OrderEvents(producer, logs.CreateLogger<OrderEvents>()),
            emails,
            new ConfirmationMailer(logs.CreateLogger<ConfirmationMailer>()),
            new Recommendations(logs.CreateLogger<Recommendations>()),
            invoicing,
            new Loyalty(logs.CreateLogger<Loyalty>()),
            new OrderRepository());

        foreach (var order in Orders)
        {
            await PostAsync(controller, order);
        }

        // Bounded: background work (deliveries, e-mails, re-pricing, the first timer tick) ends well within this.
        var quiet = await recorder.WaitUntilQuietAsync(quiet: TimeSpan.FromMilliseconds(250), limit: TimeSpan.FromSeconds(10));
        await emails.StopAsync(CancellationToken.None);
        await projection.StopAsync(CancellationToken.None);
        await invoicing.StopAsync(CancellationToken.None);
        tracing.ForceFlush();
        tracing.Dispose(); // Shutdown drains everything still pending.

        TraceReport.Print(EnvelopeSpans.Read(envelopeDirectory), recorder.Stopped);
        if (!quiet)
        {
            Console.WriteLine("  (background work was still running after 10 s: the figures above may be incomplete)");
        }

        return 0;
    }

    /// <summary>What ASP.NET Core does for POST /orders/{id}: a server Activity around the controller action.</summary>
    private static async Task PostAsync(OrdersController controller, string orderId)
    {
        using var request = Telemetry.Source.StartActivity("POST /orders/{id}", ActivityKind.Server);
        request?.SetTag("http.request.method", "POST");
        request?.SetTag("http.route", "/orders/{id}");
        request?.SetTag("url.path", $"/orders/{orderId}");
        await controller.Place(orderId, CancellationToken.None);
        request?.SetTag("http.response.status_code", 202);
    }
}
