using System.Diagnostics;
using Confluent.Kafka;

namespace OrderService;

/// <summary>Consumes order events and updates the read model.</summary>
public sealed class OrderProjection(IConsumer<string, string> consumer, ILogger<OrderProjection> logger) : BackgroundService
{
    // Consume blocks: run the loop on a thread of its own.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        consumer.Subscribe("orders");
        try
        {
            while (true)
            {
                var result = consumer.Consume(stoppingToken);
                // ACTX102: the parent should come from the message's traceparent header; without it this starts a new trace.
                using var activity = Telemetry.Source.StartActivity("orders process", ActivityKind.Consumer);
                activity?.SetTag("messaging.system", "kafka");
                activity?.SetTag("messaging.operation.type", "process");
                activity?.SetTag("messaging.destination.name", result.Topic);
                activity?.SetTag("order.id", result.Message.Key);
                logger.LogInformation("Projected order {OrderId}", result.Message.Key);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            consumer.Close();
        }
    }
}
