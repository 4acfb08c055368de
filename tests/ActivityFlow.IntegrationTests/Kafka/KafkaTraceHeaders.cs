using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using Confluent.Kafka;
using OpenTelemetry.Context.Propagation;

namespace ActivityFlow.IntegrationTests.Kafka;

/// <summary>Carries trace context in Kafka message headers (Confluent.Kafka does neither side by itself).</summary>
public static class KafkaTraceHeaders
{
    public static void Inject(Activity activity, Headers headers)
    {
        var context = new PropagationContext(activity.Context, default);
        DemoTelemetry.Propagator.Inject(context, headers, static (carrier, key, value) =>
        {
            carrier.Remove(key);
            carrier.Add(key, Encoding.UTF8.GetBytes(value));
        });
    }

    /// <summary>The producer's context from the headers; default when there is none.</summary>
    public static ActivityContext Extract(Headers? headers)
    {
        if (headers is null)
        {
            return default;
        }

        var context = DemoTelemetry.Propagator.Extract(default, headers, static (carrier, key) =>
            carrier.Where(h => h.Key == key).Select(h => Encoding.UTF8.GetString(h.GetValueBytes())).ToArray() is { Length: > 0 } values
                ? values
                : (IEnumerable<string>?)null);
        return context.ActivityContext;
    }
}
