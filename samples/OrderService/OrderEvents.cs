using Confluent.Kafka;

namespace OrderService;

/// <summary>Publishes order events to Kafka.</summary>
public sealed class OrderEvents(IProducer<string, string> producer, ILogger<OrderEvents> logger)
{
    public void Placed(string orderId)
    {
        var message = new Message<string, string> { Key = orderId, Value = $$"""{"order":"{{orderId}}"}""" };

        // ACTX003: the delivery handler runs on librdkafka's poll thread, without the caller's Activity.
        producer.Produce("orders", message, report =>
        {
            using var activity = Telemetry.Source.StartActivity("orders.delivered");
            logger.LogInformation("Order {OrderId} delivered at offset {Offset}", orderId, report.Offset.Value);
        });
    }
}
