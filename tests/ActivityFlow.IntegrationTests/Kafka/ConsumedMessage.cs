using System.Diagnostics;

namespace ActivityFlow.IntegrationTests.Kafka;

/// <summary>What the consumer did with one message: the ids of the `queue.process` span it recorded.</summary>
public sealed record ConsumedMessage(
    string Key,
    ActivityTraceId TraceId,
    ActivitySpanId SpanId,
    ActivitySpanId ParentSpanId,
    bool HasRemoteParent);
