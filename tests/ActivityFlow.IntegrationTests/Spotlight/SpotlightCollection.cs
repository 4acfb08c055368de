using Xunit;

namespace ActivityFlow.IntegrationTests.Spotlight;

/// <summary>Test classes that only need a Spotlight sidecar share one.</summary>
[CollectionDefinition(Name)]
public sealed class SpotlightCollection : ICollectionFixture<SpotlightFixture>
{
    public const string Name = "Spotlight";
}
