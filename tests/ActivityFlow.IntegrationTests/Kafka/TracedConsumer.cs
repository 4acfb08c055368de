using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using ActivityFlow.IntegrationTests.Infrastructure;
using Confluent.Kafka;

namespace ActivityFlow.IntegrationTests.Kafka;

/// <summary>
/// A Kafka consumer on its own thread that restores each message's trace context from its headers
/// and records a `queue.process` span (ActivityKind.Consumer) whose parent is the producer's span.
/// </summary>
public sealed class TracedConsumer : IDisposable
{
    private readonly IConsumer<string, string> _consumer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly string _topic;
    private readonly string _groupId;

    public TracedConsumer(string bootstrapServers, string topic)
    {
        _topic = topic;
        _groupId = "activityflow-it-" + Guid.NewGuid().ToString("N");
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = _groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            // The mock broker answers an empty fetch only after this wait: keep it short.
            FetchWaitMaxMs = 10,
        };
        _consumer = new ConsumerBuilder<string, string>(config)
            .SetErrorHandler((_, error) => Errors.Add(error.ToString()))
            .Build();
        _consumer.Subscribe(topic);
        _thread = new Thread(ConsumeLoop) { IsBackground = true, Name = "kafka-consumer " + topic };
        _thread.Start();
    }

    public ArrivalLog<ConsumedMessage> Consumed { get; } = new();

    public ArrivalLog<string> Errors { get; } = new();

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(10));
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void ConsumeLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            ConsumeResult<string, string>? result;
            try
            {
                result = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            }
            catch (ConsumeException e)
            {
                Errors.Add(e.Error.ToString());
                continue;
            }

            if (result?.Message is not null)
            {
                Process(result);
            }
        }
    }

    private void Process(ConsumeResult<string, string> result)
    {
        var parent = KafkaTraceHeaders.Extract(result.Message.Headers);

        // The parent must be given at creation: a parent set after Start() is ignored.
        using var activity = DemoTelemetry.Consumer.StartActivity("process " + _topic, ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", _topic);
        activity?.SetTag("messaging.consumer.group.name", _groupId);
        activity?.SetTag("messaging.destination.partition.id", result.Partition.Value.ToString(CultureInfo.InvariantCulture));
        activity?.SetTag("messaging.kafka.offset", result.Offset.Value);
        activity?.SetTag("messaging.kafka.message.key", result.Message.Key);
        activity?.Stop();

        Consumed.Add(new ConsumedMessage(
            result.Message.Key,
            activity?.TraceId ?? default,
            activity?.SpanId ?? default,
            activity?.ParentSpanId ?? default,
            activity?.HasRemoteParent ?? false));
    }
}
