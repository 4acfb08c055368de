namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// Realistic service code that hands work off correctly: what most files of a traced ASP.NET Core + Kafka service look
/// like. None of it may trigger an ActivityFlow rule (the exact-count assertion catches it if it does).
/// </summary>
internal static class CleanCode
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Linq;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Text;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Confluent.Kafka;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Routing;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;
        using OpenTelemetry;
        using OpenTelemetry.Context.Propagation;
        using OpenTelemetry.Trace;

        """;

    /// <summary>The kinds of unit, in the order files cycle through them.</summary>
    public static readonly System.Func<int, string>[] Units = { Controller, MinimalApi, Service, KafkaProducer, KafkaConsumer, BackgroundQueue };

    public static string Controller(int i) => $$"""
        [ApiController]
        [Route("api/orders{{i}}")]
        public sealed class OrdersController{{i}} : ControllerBase
        {
            private readonly ILogger<OrdersController{{i}}> _logger;
            private readonly HttpClient _http;
            private readonly IOrderStore _store;

            public OrdersController{{i}}(ILogger<OrdersController{{i}}> logger, HttpClient http, IOrderStore store)
            {
                _logger = logger;
                _http = http;
                _store = store;
            }

            [HttpGet("{id}")]
            public async Task<IActionResult> Get(string id, CancellationToken cancellationToken)
            {
                _logger.LogInformation("Loading order {OrderId}", id);
                var order = await _store.FindAsync(id, cancellationToken);
                return order is null ? NotFound() : Ok(order);
            }

            [HttpPost]
            public async Task<IActionResult> Post(Order order, CancellationToken cancellationToken)
            {
                using var activity = Telemetry.Source.StartActivity("validate order");
                activity?.SetTag("order.id", order.Id);
                var total = await Task.Run(() => PriceCalculator.Total(order), cancellationToken);
                using var response = await _http.PostAsJsonAsync("http://pricing/check", order, cancellationToken);
                response.EnsureSuccessStatusCode();
                await _store.SaveAsync(order with { Total = total }, cancellationToken);
                _logger.LogInformation("Order {OrderId} saved with total {Total}", order.Id, total);
                return CreatedAtAction(nameof(Get), new { id = order.Id }, order);
            }
        }

        """;

    public static string MinimalApi(int i) => $$"""
        public static class OrderEndpoints{{i}}
        {
            public static IEndpointRouteBuilder MapOrders{{i}}(this IEndpointRouteBuilder app)
            {
                app.MapGet("/v{{i}}/orders/{id}", async (string id, IOrderStore store, ILoggerFactory loggers, CancellationToken cancellationToken) =>
                {
                    var logger = loggers.CreateLogger("Orders{{i}}");
                    logger.LogInformation("Get {OrderId}", id);
                    var order = await store.FindAsync(id, cancellationToken);
                    return order is null ? Results.NotFound() : Results.Ok(order);
                });
                app.MapPost("/v{{i}}/orders", async (Order order, IOrderStore store, HttpClient http, CancellationToken cancellationToken) =>
                {
                    var stock = await http.GetFromJsonAsync<int>("http://inventory/" + order.Sku, cancellationToken);
                    if (stock < order.Quantity)
                    {
                        return Results.Conflict();
                    }

                    await store.SaveAsync(order, cancellationToken);
                    return Results.Created("/v{{i}}/orders/" + order.Id, order);
                });
                return app;
            }
        }

        """;

    public static string Service(int i) => $$"""
        public sealed class InventoryService{{i}}
        {
            private readonly ILogger<InventoryService{{i}}> _logger;
            private readonly HttpClient _http;

            public InventoryService{{i}}(ILogger<InventoryService{{i}}> logger, HttpClient http)
            {
                _logger = logger;
                _http = http;
            }

            public async Task<int> RefreshAsync(string sku, CancellationToken cancellationToken)
            {
                using var activity = Telemetry.Source.StartActivity("inventory refresh");
                var body = await _http.GetStringAsync("http://inventory/items/" + sku, cancellationToken);
                var count = await Task.Run(() => Count(body), cancellationToken);
                _logger.LogDebug("Inventory for {Sku}: {Count}", sku, count);
                return count;
            }

            public async Task<int[]> RefreshAllAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken)
            {
                var tasks = new List<Task<int>>(skus.Count);
                foreach (var sku in skus)
                {
                    tasks.Add(RefreshAsync(sku, cancellationToken));
                }

                return await Task.WhenAll(tasks);
            }

            private static int Count(string body)
            {
                var count = 0;
                foreach (var c in body)
                {
                    if (c == ',')
                    {
                        count++;
                    }
                }

                return count;
            }
        }

        """;

    public static string KafkaProducer(int i) => $$"""
        public sealed class OrderPublisher{{i}}
        {
            private readonly IProducer<string, string> _producer;
            private readonly ILogger<OrderPublisher{{i}}> _logger;

            public OrderPublisher{{i}}(IProducer<string, string> producer, ILogger<OrderPublisher{{i}}> logger)
            {
                _producer = producer;
                _logger = logger;
            }

            public async Task PublishAsync(Order order, CancellationToken cancellationToken)
            {
                using var activity = Telemetry.Source.StartActivity("orders{{i}} publish", ActivityKind.Producer);
                var headers = new Headers();
                Propagators.DefaultTextMapPropagator.Inject(new PropagationContext(Activity.Current?.Context ?? default, Baggage.Current), headers,
                    (carrier, key, value) => carrier.Add(key, Encoding.UTF8.GetBytes(value)));
                var message = new Message<string, string> { Key = order.Id, Value = order.Sku, Headers = headers };
                var result = await _producer.ProduceAsync("orders{{i}}", message, cancellationToken);
                _logger.LogInformation("Published {OrderId} at {Offset}", order.Id, result.Offset.Value);
            }
        }

        """;

    public static string KafkaConsumer(int i) => $$"""
        public sealed class OrderConsumer{{i}} : BackgroundService
        {
            private readonly IConsumer<string, string> _consumer;
            private readonly ILogger<OrderConsumer{{i}}> _logger;

            public OrderConsumer{{i}}(IConsumer<string, string> consumer, ILogger<OrderConsumer{{i}}> logger)
            {
                _consumer = consumer;
                _logger = logger;
            }

            protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => Consume(stoppingToken), stoppingToken);

            private void Consume(CancellationToken stoppingToken)
            {
                _consumer.Subscribe("orders{{i}}");
                while (!stoppingToken.IsCancellationRequested)
                {
                    var result = _consumer.Consume(stoppingToken);
                    var parent = Propagators.DefaultTextMapPropagator.Extract(default, result.Message.Headers,
                        (headers, key) => headers.TryGetLastBytes(key, out var value) ? new[] { Encoding.UTF8.GetString(value) } : Array.Empty<string>());
                    using var activity = Telemetry.Source.StartActivity("orders{{i}} process", ActivityKind.Consumer, parent.ActivityContext);
                    _logger.LogInformation("Processing {Key} from {Partition}", result.Message.Key, result.Partition.Value);
                    _consumer.Commit(result);
                }
            }
        }

        """;

    public static string BackgroundQueue(int i) => $$"""
        public sealed class ReportQueue{{i}}
        {
            private readonly Channel<Order> _orders = Channel.CreateUnbounded<Order>();

            public ValueTask EnqueueAsync(Order order, CancellationToken cancellationToken) => _orders.Writer.WriteAsync(order, cancellationToken);

            public IAsyncEnumerable<Order> ReadAllAsync(CancellationToken cancellationToken) => _orders.Reader.ReadAllAsync(cancellationToken);
        }

        public sealed class ReportWorker{{i}} : BackgroundService
        {
            private readonly ReportQueue{{i}} _queue;
            private readonly ILogger<ReportWorker{{i}}> _logger;

            public ReportWorker{{i}}(ReportQueue{{i}} queue, ILogger<ReportWorker{{i}}> logger)
            {
                _queue = queue;
                _logger = logger;
            }

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await foreach (var order in _queue.ReadAllAsync(stoppingToken))
                {
                    using var activity = Telemetry.Source.StartActivity("report{{i}}");
                    _logger.LogInformation("Report for {OrderId}: {Lines}", order.Id, order.Quantity);
                }
            }
        }

        """;
}
