using ActivityFlow.IntegrationTests.Spotlight;
using Xunit;

namespace ActivityFlow.IntegrationTests.Kafka;

/// <summary>The Kafka scenarios share one mock cluster, consumer, demo service and Spotlight sidecar.</summary>
[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaScenarioFixture>, ICollectionFixture<SpotlightFixture>
{
    public const string Name = "Kafka";
}
