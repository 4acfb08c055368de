using Confluent.Kafka;
using OpenTelemetry;
using OpenTelemetry.Trace;
using OrderService;
using OrderService.Demo;

// `dotnet OrderService.dll demo <envelope-dir>` runs the demo scenario with in-process stand-ins (see Demo/).
if (args is ["demo", var envelopeDirectory])
{
    return await DemoScenario.RunAsync(envelopeDirectory);
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddControllers();
builder.Services.AddHttpClient("prices", client => client.BaseAddress = new Uri("http://prices.internal"));
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
    new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = "127.0.0.1:9092" }).Build());
builder.Services.AddSingleton<IConsumer<string, string>>(_ =>
    new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = "127.0.0.1:9092", GroupId = "order-projection" }).Build());
builder.Services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
    .AddSource(Telemetry.Source.Name, "Microsoft.AspNetCore")
    // ACTX301: a quarter of the traces, decided per trace id: ignores a sampling decision made upstream.
    .SetSampler(new TraceIdRatioBasedSampler(0.25))
    .AddSentryExporter() // SENTRY_DSN, SENTRY_ENVIRONMENT, SENTRY_RELEASE
    .Build());

var app = builder.Build();
app.Services.GetRequiredService<TracerProvider>();
app.MapControllers();
app.Run();
return 0;
