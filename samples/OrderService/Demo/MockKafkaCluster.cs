using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace OrderService.Demo;

/// <summary>
/// librdkafka's in-process mock cluster (<c>test.mock.num.brokers=1</c>): a real Kafka broker on 127.0.0.1 that lives
/// inside the producer created with it. Its address appears in the client's log; the service connects to it as to any
/// broker.
/// </summary>
internal sealed partial class MockKafkaCluster : IDisposable
{
    private readonly IProducer<string, string> host;

    private MockKafkaCluster(IProducer<string, string> host, string bootstrapServers)
    {
        this.host = host;
        BootstrapServers = bootstrapServers;
    }

    public string BootstrapServers { get; }

    public static async Task<MockKafkaCluster> StartAsync(string topic)
    {
        var log = new ConcurrentQueue<string>();
        var config = new ProducerConfig { BootstrapServers = "placeholder:9092" };
        config.Set("test.mock.num.brokers", "1");
        var host = new ProducerBuilder<string, string>(config).SetLogHandler((_, m) => log.Enqueue(m.Message)).Build();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var line = log.FirstOrDefault(l => Address().IsMatch(l));
            if (line is not null)
            {
                // The topic exists from here on, so the projection's consumer finds it when it joins.
                await host.ProduceAsync(topic, new Message<string, string> { Key = "warm-up", Value = "creates the topic" });
                return new MockKafkaCluster(host, Address().Match(line).Groups[1].Value);
            }

            await Task.Delay(20);
        }

        host.Dispose();
        throw new InvalidOperationException("librdkafka did not log the mock cluster's address:\n" + string.Join("\n", log));
    }

    public void Dispose() => host.Dispose();

    // "Mock cluster enabled: original bootstrap.servers and security.protocol ignored and replaced with 127.0.0.1:PORT"
    [GeneratedRegex(@"Mock cluster enabled.*replaced with (127\.0\.0\.1:\d+)")]
    private static partial Regex Address();
}
