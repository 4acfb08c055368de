using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace ActivityFlow.IntegrationTests.Kafka;

/// <summary>
/// `GET /kafka/produce`: produces one message and answers before the delivery report; the
/// `queue.publish` span ends in the delivery handler, on librdkafka's poll thread.
/// `GET /kafka/produce-confirmed?captureContext=`: waits for the delivery report, whose handler
/// records a span of its own, with or without re-attaching the caller's context.
/// </summary>
public sealed class KafkaProduceEndpoints
{
    private static readonly TimeSpan RequestEndWait = TimeSpan.FromSeconds(10);

    private readonly IProducer<string, string> _producer;
    private readonly string _topic;
    private int _requestEndWaitTimeouts;

    public KafkaProduceEndpoints(IProducer<string, string> producer, string topic)
    {
        _producer = producer;
        _topic = topic;
    }

    /// <summary>
    /// When set (by a test whose tracer provider includes it), the delivery handler ends the
    /// publish span only after the request's activity ended: the span is then always late.
    /// </summary>
    public RequestEndSignals? RequestEnds { get; set; }

    /// <summary>Delivery handlers that gave up waiting for their request to end.</summary>
    public int RequestEndWaitTimeouts => _requestEndWaitTimeouts;

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/kafka/produce", ProduceWithoutWaiting);
        routes.MapGet("/kafka/produce-confirmed", ProduceAndAwaitDeliveryAsync);
    }

    private ProduceResponse ProduceWithoutWaiting()
    {
        var request = Activity.Current;
        var (publish, message) = StartPublishing();
        var key = message.Key;

        var requestEnds = RequestEnds;
        var requestSpanId = request?.SpanId ?? default;
        _producer.Produce(_topic, message, report =>
        {
            if (requestEnds is not null && !requestEnds.WaitForEnd(requestSpanId, RequestEndWait))
            {
                Interlocked.Increment(ref _requestEndWaitTimeouts);
            }

            EndPublishSpan(publish, report);
        });

        // The publish span lives on in the delivery handler, not in this request's flow.
        Activity.Current = request;
        return new ProduceResponse(
            request?.TraceId.ToHexString() ?? "",
            requestSpanId.ToHexString(),
            publish?.SpanId.ToHexString() ?? "",
            key);
    }

    private async Task<DeliveryConfirmation> ProduceAndAwaitDeliveryAsync(bool captureContext)
    {
        var request = Activity.Current;
        var (publish, message) = StartPublishing();
        var key = message.Key;

        // The fix for a callback that runs on a foreign thread: capture the caller's activity here…
        var captured = Activity.Current;
        var delivered = new TaskCompletionSource<Activity?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _producer.Produce(_topic, message, report =>
        {
            Activity? deliverySpan;
            if (captureContext)
            {
                // …and re-attach it inside the callback.
                using (ActivityScope.Enter(captured))
                {
                    deliverySpan = RecordDeliverySpan(report);
                }
            }
            else
            {
                // librdkafka's poll thread has no caller context: Activity.Current is null here.
                deliverySpan = RecordDeliverySpan(report);
            }

            EndPublishSpan(publish, report);
            delivered.TrySetResult(deliverySpan);
        });

        Activity.Current = request;
        var delivery = await delivered.Task.WaitAsync(RequestEndWait);
        return new DeliveryConfirmation(
            request?.TraceId.ToHexString() ?? "",
            request?.SpanId.ToHexString() ?? "",
            publish?.SpanId.ToHexString() ?? "",
            key,
            delivery?.TraceId.ToHexString() ?? "",
            delivery?.SpanId.ToHexString() ?? "",
            delivery?.ParentSpanId.ToHexString() ?? "");
    }

    private static Activity? RecordDeliverySpan(DeliveryReport<string, string> report)
    {
        using var span = DemoTelemetry.DeliveryHandler.StartActivity("kafka delivery report");
        span?.SetTag("messaging.kafka.offset", report.Offset.Value);
        return span;
    }

    /// <summary>Starts the `queue.publish` span and builds a message that carries its context.</summary>
    private (Activity? Publish, Message<string, string> Message) StartPublishing()
    {
        var key = Guid.NewGuid().ToString("N");
        var publish = DemoTelemetry.Producer.StartActivity("publish " + _topic, ActivityKind.Producer);
        publish?.SetTag("messaging.system", "kafka");
        publish?.SetTag("messaging.operation.type", "send");
        publish?.SetTag("messaging.destination.name", _topic);
        publish?.SetTag("messaging.kafka.message.key", key);
        var message = new Message<string, string> { Key = key, Value = "order " + key, Headers = new Headers() };
        if (publish is not null)
        {
            KafkaTraceHeaders.Inject(publish, message.Headers);
        }

        return (publish, message);
    }

    private static void EndPublishSpan(Activity? publish, DeliveryReport<string, string> report)
    {
        if (publish is null)
        {
            return;
        }

        publish.SetTag("messaging.destination.partition.id", report.Partition.Value.ToString(CultureInfo.InvariantCulture));
        publish.SetTag("messaging.kafka.offset", report.Offset.Value);
        if (report.Error.IsError)
        {
            publish.SetStatus(ActivityStatusCode.Error, report.Error.Reason);
        }

        // Stop() sets Activity.Current to the span's parent on this (poll) thread; put back what
        // was there so later delivery handlers do not inherit a stale request activity.
        var onPollThread = Activity.Current;
        publish.Stop();
        Activity.Current = onPollThread;
    }
}
