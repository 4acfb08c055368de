using Confluent.Kafka;
using OrderService;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHttpClient();
builder.Services.AddSingleton<AuditTrail>();
builder.Services.AddSingleton<PriceCache>();
builder.Services.AddSingleton<OrderEvents>();
builder.Services.AddSingleton<IProducer<string, string>>(_ =>
    new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = "127.0.0.1:9092" }).Build());

var app = builder.Build();

app.MapPost("/orders/{id}", (string id, AuditTrail audit, PriceCache prices, OrderEvents events) =>
{
    audit.Record(id);
    prices.RefreshInBackground(id);
    events.Placed(id);
    return Results.Accepted($"/orders/{id}");
});

app.Run();
