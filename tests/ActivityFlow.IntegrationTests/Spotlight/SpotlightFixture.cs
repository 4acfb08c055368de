using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace ActivityFlow.IntegrationTests.Spotlight;

/// <summary>
/// One Spotlight sidecar per test class or collection, with both readers attached: the `/stream`
/// feed (every envelope, item by item) and `spotlight tail traces -f json` (Spotlight's summary).
/// </summary>
public sealed class SpotlightFixture : IAsyncLifetime
{
    /// <summary>How long an envelope may take from the exporter to Spotlight's readers.</summary>
    public static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(20);

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

    /// <summary>Waits (bounded) for the transaction whose root span is <paramref name="spanId"/> on the `/stream` feed.</summary>
    public async Task<ReceivedTransaction> WaitForTransactionAsync(string traceId, string spanId)
    {
        var arrived = await Feed.Envelopes.WaitUntilAsync(
            envelopes => envelopes.TransactionsOfTrace(traceId).Any(t => t.SpanId == spanId), ArrivalTimeout);
        Assert.True(arrived, $"Transaction {spanId} of trace {traceId} did not reach Spotlight within {ArrivalTimeout}.{Environment.NewLine}{Describe()}");
        return Feed.Envelopes.Snapshot().TransactionsOfTrace(traceId).First(t => t.SpanId == spanId);
    }

    /// <summary>Waits (bounded) for `spotlight tail traces -f json` to print the transaction <paramref name="spanId"/>.</summary>
    public async Task<JsonElement> WaitForTailLineAsync(string traceId, string spanId)
    {
        var printed = await Tail.Lines.WaitUntilAsync(lines => lines.Any(l => IsTailLineOf(l, traceId, spanId)), ArrivalTimeout);
        Assert.True(printed, $"`spotlight tail traces` printed no line for {spanId} of trace {traceId}.{Environment.NewLine}{Describe()}");
        return Tail.Lines.Snapshot().First(l => IsTailLineOf(l, traceId, spanId));
    }

    /// <summary>What Spotlight and its readers printed, for failure messages.</summary>
    public string Describe() =>
        string.Join(
            Environment.NewLine,
            $"Spotlight on port {_server?.Port}; {_feed?.Envelopes.Count} envelopes on /stream; {_tail?.Lines.Count} tail lines; feed failure: {_feed?.Failure?.Message ?? "none"}",
            _server?.DescribeOutput(),
            _tail?.DescribeOutput());

    private static bool IsTailLineOf(JsonElement line, string traceId, string spanId) =>
        line.TryGetProperty("trace_id", out var t) && t.GetString() == traceId
        && line.TryGetProperty("span_id", out var s) && s.GetString() == spanId;

    private static InvalidOperationException NotStarted() => new("The Spotlight fixture has not started.");
}
