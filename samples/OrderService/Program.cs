using Confluent.Kafka;
using OpenTelemetry.Trace;
using OrderService;
using OrderService.Demo;
using ActivityFlow;
using Sentry;

// `dotnet OrderService.dll demo <envelope-dir>` runs the service as wired below, on loopback, against librdkafka's
// in-process mock cluster, and prints what it sent (see Demo/).
if (args is ["demo", var envelopeDirectory])
{
    return await DemoScenario.RunAsync(envelopeDirectory, CreateApp);
}

CreateApp(args).Run();
return 0;

// The service's wiring. The demo passes settings (loopback addresses, a sampling ratio of 1) and a Sentry transport
// that writes envelopes to files instead of sending them.
static WebApplication CreateApp(string[] args, Action<SentryOptions>? demoSentry = null, Action<SentryExporterOptions>? demoExporter = null)
{
    var builder = WebApplication.CreateBuilder(args);
    var kafka = builder.Configuration["Kafka:BootstrapServers"] ?? "127.0.0.1:9092";
    var samplingRatio = builder.Configuration.GetValue("Tracing:SamplingRatio", 0.25);

    // One Sentry setup for errors and traces: SENTRY_DSN, SENTRY_ENVIRONMENT, SENTRY_RELEASE.
    builder.WebHost.UseSentry(o =>
    {
        o.AutoRegisterTracing = false; // the request transactions come from OpenTelemetry's instrumentation
        demoSentry?.Invoke(o);
        o.UseActivityFlow();
    });
    builder.Services.AddControllers();
    builder.Services.AddHttpClient("prices", client => client.BaseAddress = new Uri(builder.Configuration["Prices:BaseAddress"] ?? "http://prices.internal/"));
    builder.Services.AddSingleton<AuditTrail>();
    builder.Services.AddSingleton<PriceCache>();
    builder.Services.AddSingleton<OrderEvents>();
    builder.Services.AddSingleton<ConfirmationMailer>();
    builder.Services.AddSingleton<Recommendations>();
    builder.Services.AddSingleton<OrderRepository>();
    builder.Services.AddSingleton<Loyalty>();
    builder.Services.AddSingleton<Invoicing>();
    builder.Services.AddHostedService(services => services.GetRequiredService<Invoicing>());
    builder.Services.AddSingleton<EmailQueue>();
    builder.Services.AddHostedService(services => services.GetRequiredService<EmailQueue>());
    builder.Services.AddHostedService<OrderProjection>();
    builder.Services.AddSingleton<IProducer<string, string>>(_ =>
        new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka }).Build());
    builder.Services.AddSingleton<IConsumer<string, string>>(_ =>
        new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = kafka, GroupId = "order-projection", AutoOffsetReset = AutoOffsetReset.Earliest }).Build());
    builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing
        .AddSource(Telemetry.Source.Name)
        .AddAspNetCoreInstrumentation()
        .AddHttpClientInstrumentation()
        // ACTX301: a share of the traces, decided per trace id: ignores a sampling decision made upstream.
        .SetSampler(new TraceIdRatioBasedSampler(samplingRatio))
        .AddSentryExporter(o => demoExporter?.Invoke(o))); // no DSN: through the application's Sentry

    var app = builder.Build();
    app.MapControllers();
    app.MapGet("/quotes/{id}", async (string id) =>
    {
        await Task.Delay(TimeSpan.FromMilliseconds(450)); // the price service takes its time
        return "19.90 EUR";
    });
    return app;
}
