using System.Diagnostics;
using Confluent.Kafka;

namespace OrderService;

/// <summary>Publishes order events to Kafka.</summary>
public sealed class OrderEvents(IProducer<string, string> producer, ILogger<OrderEvents> logger)
{
    public void Placed(string orderId)
    {
        Activity.Current?.AddEvent(new ActivityEvent("order event published"));
        var message = new Message<string, string> { Key = orderId, Value = $$"""{"order":"{{orderId}}"}""" };

        // ACTX101: no traceparent header, so the consumer cannot continue this trace.
        // ACTX003: the delivery handler runs on librdkafka's poll thread, without the caller's Activity.
        producer.Produce("orders", message, report =>
        {
            using var activity = Telemetry.Source.StartActivity("orders.delivered");
            activity?.SetTag("order.id", orderId);
            logger.LogInformation("Order {OrderId} delivered at offset {Offset}", orderId, report.Offset.Value);
        });
    }
}
