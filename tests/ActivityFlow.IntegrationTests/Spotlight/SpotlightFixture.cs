using System;
using System.Threading.Tasks;
using Xunit;

namespace ActivityFlow.IntegrationTests.Spotlight;

/// <summary>
/// One Spotlight sidecar per test class or collection, with both readers attached: the `/stream`
/// feed (every envelope, item by item) and `spotlight tail traces -f json` (Spotlight's summary).
/// </summary>
public sealed class SpotlightFixture : IAsyncLifetime
{
    private SpotlightServer? _server;
    private SpotlightEnvelopeFeed? _feed;
    private SpotlightTraceTail? _tail;

    public SpotlightServer Server => _server ?? throw NotStarted();

    public SpotlightEnvelopeFeed Feed => _feed ?? throw NotStarted();

    public SpotlightTraceTail Tail => _tail ?? throw NotStarted();

    public async Task InitializeAsync()
    {
        _server = await SpotlightServer.StartAsync();
        _feed = await SpotlightEnvelopeFeed.ConnectAsync(_server.StreamUrl);
        _tail = SpotlightTraceTail.Start(_server.Port);
    }

    public async Task DisposeAsync()
    {
        if (_tail is not null)
        {
            await _tail.DisposeAsync();
        }

        if (_feed is not null)
        {
            await _feed.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>What Spotlight and its readers printed, for failure messages.</summary>
    public string Describe() =>
        string.Join(
            Environment.NewLine,
            $"Spotlight on port {_server?.Port}; {_feed?.Envelopes.Count} envelopes on /stream; {_tail?.Lines.Count} tail lines; feed failure: {_feed?.Failure?.Message ?? "none"}",
            _server?.DescribeOutput(),
            _tail?.DescribeOutput());

    private static InvalidOperationException NotStarted() => new("The Spotlight fixture has not started.");
}
