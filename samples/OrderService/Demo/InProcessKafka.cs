using System.Collections.Concurrent;
using Confluent.Kafka;

namespace OrderService.Demo;

/// <summary>
/// The demo's stand-in for a Kafka topic: the demo machine has no broker and no librdkafka. Only the scenario uses it;
/// the service itself is wired to Confluent.Kafka's real ProducerBuilder/ConsumerBuilder in Program.cs.
/// </summary>
internal sealed class InProcessTopic
{
    private readonly BlockingCollection<ConsumeResult<string, string>> messages = new();
    private long nextOffset;

    public TopicPartitionOffset Append(string topic, Message<string, string> message)
    {
        var position = new TopicPartitionOffset(topic, new Partition(0), new Offset(Interlocked.Increment(ref nextOffset) - 1));
        messages.Add(new ConsumeResult<string, string> { TopicPartitionOffset = position, Message = message });
        return position;
    }

    public ConsumeResult<string, string> Take(CancellationToken cancellationToken) => messages.Take(cancellationToken);

    public ConsumeResult<string, string>? TryTake(TimeSpan timeout) => messages.TryTake(out var result, timeout) ? result : null;
}

/// <summary>
/// An in-process <see cref="IProducer{TKey,TValue}"/> that behaves like librdkafka where trace context is concerned:
/// delivery reports are raised a few milliseconds later on one dedicated "poll" thread that was started without an
/// ExecutionContext (<see cref="Thread.UnsafeStart()"/>), so a delivery handler sees no Activity.Current — exactly what
/// the handler of a real producer sees on librdkafka's poll thread.
/// </summary>
internal sealed class InProcessProducer : IProducer<string, string>
{
    private static readonly TimeSpan DeliveryLatency = TimeSpan.FromMilliseconds(10);
    private readonly InProcessTopic topic;
    private readonly BlockingCollection<(DateTime Due, Action Deliver)> deliveries = new();
    private readonly Thread pollThread;

    public InProcessProducer(InProcessTopic topic)
    {
        this.topic = topic;
        pollThread = new Thread(Poll) { IsBackground = true, Name = "in-process-kafka-poll" };
        pollThread.UnsafeStart();
    }

    public string Name => "in-process-producer";

    public Handle Handle => throw new NotSupportedException();

    public void Produce(string topicName, Message<string, string> message, Action<DeliveryReport<string, string>>? deliveryHandler = null)
    {
        var position = topic.Append(topicName, message);
        deliveries.Add((DateTime.UtcNow + DeliveryLatency, () => deliveryHandler?.Invoke(new DeliveryReport<string, string>
        {
            TopicPartitionOffset = position,
            Message = message,
            Status = PersistenceStatus.Persisted,
        })));
    }

    public Task<DeliveryResult<string, string>> ProduceAsync(string topicName, Message<string, string> message, CancellationToken cancellationToken = default)
    {
        var delivered = new TaskCompletionSource<DeliveryResult<string, string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        Produce(topicName, message, report => delivered.SetResult(report));
        return delivered.Task;
    }

    public int Flush(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (deliveries.Count > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(5);
        }

        return deliveries.Count;
    }

    public void Dispose() => deliveries.CompleteAdding();

    private void Poll()
    {
        foreach (var (due, deliver) in deliveries.GetConsumingEnumerable())
        {
            var wait = due - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
            }

            deliver();
        }
    }

    // Not used by the service: the rest of the producer API.
    public void Produce(TopicPartition topicPartition, Message<string, string> message, Action<DeliveryReport<string, string>>? deliveryHandler = null) => throw new NotSupportedException();
    public Task<DeliveryResult<string, string>> ProduceAsync(TopicPartition topicPartition, Message<string, string> message, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public int Poll(TimeSpan timeout) => throw new NotSupportedException();
    public void Flush(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public void InitTransactions(TimeSpan timeout) => throw new NotSupportedException();
    public void BeginTransaction() => throw new NotSupportedException();
    public void CommitTransaction(TimeSpan timeout) => throw new NotSupportedException();
    public void CommitTransaction() => throw new NotSupportedException();
    public void AbortTransaction(TimeSpan timeout) => throw new NotSupportedException();
    public void AbortTransaction() => throw new NotSupportedException();
    public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata, TimeSpan timeout) => throw new NotSupportedException();
    public int AddBrokers(string brokers) => throw new NotSupportedException();
    public void SetSaslCredentials(string username, string password) => throw new NotSupportedException();
}

/// <summary>An in-process <see cref="IConsumer{TKey,TValue}"/> reading the stand-in topic (subscribe, consume, close).</summary>
internal sealed class InProcessConsumer(InProcessTopic topic) : IConsumer<string, string>
{
    public string Name => "in-process-consumer";

    public void Subscribe(string topicName) { }

    public ConsumeResult<string, string> Consume(CancellationToken cancellationToken = default) => topic.Take(cancellationToken);

    public ConsumeResult<string, string> Consume(TimeSpan timeout) => topic.TryTake(timeout)!;

    public ConsumeResult<string, string> Consume(int millisecondsTimeout) => Consume(TimeSpan.FromMilliseconds(millisecondsTimeout));

    public void Close() { }

    public void Dispose() { }

    // Not used by the service: the rest of the consumer API.
    public Handle Handle => throw new NotSupportedException();
    public string MemberId => throw new NotSupportedException();
    public List<TopicPartition> Assignment => throw new NotSupportedException();
    public List<string> Subscription => throw new NotSupportedException();
    public IConsumerGroupMetadata ConsumerGroupMetadata => throw new NotSupportedException();
    public int AddBrokers(string brokers) => throw new NotSupportedException();
    public void SetSaslCredentials(string username, string password) => throw new NotSupportedException();
    public void Subscribe(IEnumerable<string> topics) => throw new NotSupportedException();
    public void Unsubscribe() => throw new NotSupportedException();
    public void Assign(TopicPartition partition) => throw new NotSupportedException();
    public void Assign(TopicPartitionOffset partition) => throw new NotSupportedException();
    public void Assign(IEnumerable<TopicPartitionOffset> partitions) => throw new NotSupportedException();
    public void Assign(IEnumerable<TopicPartition> partitions) => throw new NotSupportedException();
    public void IncrementalAssign(IEnumerable<TopicPartitionOffset> partitions) => throw new NotSupportedException();
    public void IncrementalAssign(IEnumerable<TopicPartition> partitions) => throw new NotSupportedException();
    public void IncrementalUnassign(IEnumerable<TopicPartition> partitions) => throw new NotSupportedException();
    public void Unassign() => throw new NotSupportedException();
    public void StoreOffset(ConsumeResult<string, string> result) => throw new NotSupportedException();
    public void StoreOffset(TopicPartitionOffset offset) => throw new NotSupportedException();
    public List<TopicPartitionOffset> Commit() => throw new NotSupportedException();
    public void Commit(IEnumerable<TopicPartitionOffset> offsets) => throw new NotSupportedException();
    public void Commit(ConsumeResult<string, string> result) => throw new NotSupportedException();
    public void Seek(TopicPartitionOffset tpo) => throw new NotSupportedException();
    public void Pause(IEnumerable<TopicPartition> partitions) => throw new NotSupportedException();
    public void Resume(IEnumerable<TopicPartition> partitions) => throw new NotSupportedException();
    public List<TopicPartitionOffset> Committed(TimeSpan timeout) => throw new NotSupportedException();
    public List<TopicPartitionOffset> Committed(IEnumerable<TopicPartition> partitions, TimeSpan timeout) => throw new NotSupportedException();
    public Offset Position(TopicPartition partition) => throw new NotSupportedException();
    public List<TopicPartitionOffset> OffsetsForTimes(IEnumerable<TopicPartitionTimestamp> timestampsToSearch, TimeSpan timeout) => throw new NotSupportedException();
    public WatermarkOffsets GetWatermarkOffsets(TopicPartition topicPartition) => throw new NotSupportedException();
    public WatermarkOffsets QueryWatermarkOffsets(TopicPartition topicPartition, TimeSpan timeout) => throw new NotSupportedException();
}
