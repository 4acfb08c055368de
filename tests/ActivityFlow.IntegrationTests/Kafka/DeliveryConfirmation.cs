namespace ActivityFlow.IntegrationTests.Kafka;

/// <summary>
/// What `GET /kafka/produce-confirmed` answers: the request's and publish span's ids, and the ids
/// of the span the delivery handler recorded (its parent is 0000000000000000 when it was a root).
/// </summary>
public sealed record DeliveryConfirmation(
    string TraceId,
    string RequestSpanId,
    string PublishSpanId,
    string MessageKey,
    string DeliverySpanTraceId,
    string DeliverySpanId,
    string DeliverySpanParentId);
