using System.Diagnostics;
using OpenTelemetry.Context.Propagation;

namespace ActivityFlow.IntegrationTests.Kafka;

/// <summary>The activity sources of the demo service and the W3C propagator it uses over Kafka headers.</summary>
public static class DemoTelemetry
{
    /// <summary>ASP.NET Core's own source: the incoming request's server activity.</summary>
    public const string AspNetCoreSourceName = "Microsoft.AspNetCore";

    public static readonly ActivitySource Producer = new("ActivityFlow.IntegrationTests.KafkaProducer");

    public static readonly ActivitySource Consumer = new("ActivityFlow.IntegrationTests.KafkaConsumer");

    /// <summary>Spans started inside the delivery handler, on librdkafka's poll thread.</summary>
    public static readonly ActivitySource DeliveryHandler = new("ActivityFlow.IntegrationTests.DeliveryHandler");

    public static readonly string[] AllSourceNames =
        [AspNetCoreSourceName, Producer.Name, Consumer.Name, DeliveryHandler.Name];

    /// <summary>traceparent/tracestate, the same W3C format other OpenTelemetry SDKs read.</summary>
    public static readonly TraceContextPropagator Propagator = new();
}
