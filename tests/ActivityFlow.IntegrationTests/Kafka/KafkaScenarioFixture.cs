using System;
using System.Linq;
using System.Threading.Tasks;
using Confluent.Kafka;
using Xunit;

namespace ActivityFlow.IntegrationTests.Kafka;

/// <summary>
/// One mock Kafka cluster, one traced consumer and one demo web service per test class. Startup
/// ends with a warm-up message making the full round trip, so the first measured run does not
/// pay for topic creation and the consumer group's first join.
/// </summary>
public sealed class KafkaScenarioFixture : IAsyncLifetime
{
    private static readonly TimeSpan WarmUpTimeout = TimeSpan.FromSeconds(60);

    private MockKafkaCluster? _cluster;
    private TracedConsumer? _consumer;
    private KafkaDemoService? _service;

    public string Topic { get; } = "orders-" + Guid.NewGuid().ToString("N")[..8];

    public MockKafkaCluster Cluster => _cluster ?? throw NotStarted();

    public TracedConsumer Consumer => _consumer ?? throw NotStarted();

    public KafkaDemoService Service => _service ?? throw NotStarted();

    public KafkaProduceEndpoints Endpoints { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _cluster = await MockKafkaCluster.StartAsync();
        await WarmUpAsync();
        Endpoints = new KafkaProduceEndpoints(_cluster.Producer, Topic);
        _service = await KafkaDemoService.StartAsync(Endpoints);
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        _consumer?.Dispose();
        _cluster?.Dispose();
    }

    private async Task WarmUpAsync()
    {
        const string warmUpKey = "warm-up";
        await Cluster.Producer.ProduceAsync(Topic, new Message<string, string> { Key = warmUpKey, Value = "creates the topic" });
        _consumer = new TracedConsumer(Cluster.BootstrapServers, Topic);
        var consumed = await _consumer.Consumed.WaitUntilAsync(m => m.Any(x => x.Key == warmUpKey), WarmUpTimeout);
        if (!consumed)
        {
            throw new InvalidOperationException(
                $"The consumer did not receive the warm-up message from {Cluster.BootstrapServers} within {WarmUpTimeout}. Consumer errors: "
                + string.Join("; ", _consumer.Errors.Snapshot()));
        }
    }

    private static InvalidOperationException NotStarted() => new("The Kafka scenario fixture has not started.");
}
