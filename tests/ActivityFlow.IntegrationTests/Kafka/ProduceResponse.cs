namespace ActivityFlow.IntegrationTests.Kafka;

/// <summary>What `GET /kafka/produce` answers: the ids the test then looks for in Spotlight.</summary>
public sealed record ProduceResponse(string TraceId, string RequestSpanId, string PublishSpanId, string MessageKey);
