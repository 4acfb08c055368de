using System.Diagnostics;
using System.Text;
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
        while (!stoppingToken.IsCancellationRequested)
        {
            ConsumeResult<string, string> result;
            try
            {
                result = consumer.Consume(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            ActivityContext.TryParse(
                result.Message.Headers?.TryGetLastBytes("traceparent", out var traceparent) == true ? Encoding.UTF8.GetString(traceparent) : null,
                null,
                isRemote: true,
                out var parentContext);
            using var activity = Telemetry.Source.StartActivity("orders process", ActivityKind.Consumer, parentContext);
            activity?.SetTag("messaging.system", "kafka");
            activity?.SetTag("messaging.operation.type", "process");
            activity?.SetTag("messaging.destination.name", result.Topic);
            activity?.SetTag("order.id", result.Message.Key);
            logger.LogInformation("Projected order {OrderId}", result.Message.Key);
        }

        consumer.Close();
    }
}
