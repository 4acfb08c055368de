using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using ActivityFlow.IntegrationTests.Infrastructure;
using Confluent.Kafka;

namespace ActivityFlow.IntegrationTests.Kafka;

/// <summary>
/// librdkafka's in-process mock cluster: a real Kafka protocol broker on 127.0.0.1 that lives
/// inside the producer created with <c>test.mock.num.brokers</c>. The producer is the cluster's
/// owner, so it is created first and disposed last; consumers join through <see cref="BootstrapServers"/>.
/// </summary>
public sealed partial class MockKafkaCluster : IDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);

    private MockKafkaCluster(IProducer<string, string> producer, string bootstrapServers, IReadOnlyList<string> log)
    {
        Producer = producer;
        BootstrapServers = bootstrapServers;
        StartupLog = log;
    }

    /// <summary>The producer that hosts the mock cluster; use it to produce.</summary>
    public IProducer<string, string> Producer { get; }

    /// <summary>The mock broker's address, as librdkafka logged it.</summary>
    public string BootstrapServers { get; }

    public IReadOnlyList<string> StartupLog { get; }

    public static async Task<MockKafkaCluster> StartAsync()
    {
        var log = new ArrivalLog<string>();
        var config = new ProducerConfig
        {
            // bootstrap.servers is required but replaced by the mock broker's address.
            BootstrapServers = "placeholder:9092",
            Acks = Acks.All,
            LingerMs = 0,
        };
        config.Set("test.mock.num.brokers", "1");
        var producer = new ProducerBuilder<string, string>(config)
            .SetLogHandler((_, message) => log.Add(message.Message))
            .Build();
        try
        {
            var found = await log.WaitUntilAsync(lines => lines.Any(l => MockAddress().IsMatch(l)), StartupTimeout);
            var line = log.Snapshot().FirstOrDefault(l => MockAddress().IsMatch(l));
            if (!found || line is null)
            {
                throw new InvalidOperationException(
                    "librdkafka did not log the mock cluster's address:" + Environment.NewLine + string.Join(Environment.NewLine, log.Snapshot()));
            }

            return new MockKafkaCluster(producer, MockAddress().Match(line).Groups[1].Value, log.Snapshot());
        }
        catch
        {
            producer.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Producer.Flush(TimeSpan.FromSeconds(10));
        Producer.Dispose();
    }

    // "Mock cluster enabled: original bootstrap.servers and security.protocol ignored and replaced with 127.0.0.1:PORT"
    [GeneratedRegex(@"Mock cluster enabled.*replaced with (127\.0\.0\.1:\d+)")]
    private static partial Regex MockAddress();
}
