using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using ActivityFlow.IntegrationTests.Infrastructure;
using ActivityFlow.IntegrationTests.Spotlight;
using OpenTelemetry.Trace;
using Xunit;

namespace ActivityFlow.IntegrationTests;

/// <summary>
/// Stream mode (Span v2) against a real Spotlight sidecar, the segment a real request to an instrumented minimal API. Spotlight 4.11.8 accepts Span v2 but
/// does not display it, so the spans are checked on its `/stream` feed, which re-broadcasts them.
/// </summary>
[Collection(SpotlightCollection.Name)]
public sealed class SpotlightStreamModeTests : IAsyncLifetime
{
    private const string SpanV2ContentType = "application/vnd.sentry.items.span.v2+json";

    private static readonly ActivitySource Source = new("ActivityFlow.IntegrationTests.SpotlightStreamMode");

    private readonly SpotlightFixture _spotlight;

    private RequestService _service = null!;

    public SpotlightStreamModeTests(SpotlightFixture spotlight)
    {
        _spotlight = spotlight;
    }

    public async Task InitializeAsync() => _service = await RequestService.StartAsync(("GET", "/inventory"));

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Stream_mode_spans_arrive_intact_as_span_v2_items()
    {
        using var envelopeDirectory = new TemporaryDirectory();
        Activity root;
        Activity query;
        Activity reserve;
        using (var provider = ExporterPipeline.Build(
            _spotlight.Server.StreamUrl, envelopeDirectory.Path, [Source.Name], o => o.TraceLifecycle = TraceLifecycle.Stream))
        {
            Activity? q = null, r = null;
            root = await _service.SendAsync("GET", "/inventory", "/inventory", _ =>
            {
                q = Source.StartSampled("SELECT stock", ActivityKind.Client);
                q.SetTag("db.system.name", "postgresql");
                q.SetTag("inventory.rows", 3);
                q.Stop();
                r = Source.StartSampled("reserve item", ActivityKind.Internal);
                r.SetStatus(ActivityStatusCode.Error, "out of stock");
                r.Stop();
            });
            (query, reserve) = (q!, r!);
            Assert.True(provider.ForceFlush(10_000), "ForceFlush did not complete.");
        }

        var traceId = root.TraceId.ToHexString();
        var rootId = root.SpanId.ToHexString();
        var items = await WaitForSpansAsync(traceId, expected: 3);
        var spans = items.SelectMany(x => SpotlightEnvelopeQueries.SpansOf(x.Item)).ToDictionary(s => s.GetProperty("span_id").GetString()!);

        foreach (var (envelope, item) in items)
        {
            Assert.Equal(SpanV2ContentType, item.Header.GetProperty("content_type").GetString());
            Assert.Equal(2, item.Payload.GetProperty("version").GetInt32());
            Assert.Equal(SpotlightEnvelopeQueries.SpansOf(item).Count(), item.Header.GetProperty("item_count").GetInt32());
            Assert.All(SpotlightEnvelopeQueries.SpansOf(item), s => Assert.Equal(traceId, s.GetProperty("trace_id").GetString()));
            Assert.Equal(traceId, envelope.Header.GetProperty("trace").GetProperty("trace_id").GetString());
        }

        var rootSpan = spans[rootId];
        Assert.True(rootSpan.GetProperty("is_segment").GetBoolean());
        Assert.False(rootSpan.TryGetProperty("parent_span_id", out var rootParent) && rootParent.ValueKind == JsonValueKind.String);
        Assert.Equal("ok", rootSpan.GetProperty("status").GetString());

        var querySpan = spans[query.SpanId.ToHexString()];
        Assert.Equal(rootId, querySpan.GetProperty("parent_span_id").GetString());
        Assert.False(IsSegment(querySpan));
        AssertAttribute(querySpan, "db.system.name", "string", "postgresql");
        AssertAttribute(querySpan, "inventory.rows", "integer", 3);

        var reserveSpan = spans[reserve.SpanId.ToHexString()];
        Assert.Equal(rootId, reserveSpan.GetProperty("parent_span_id").GetString());
        Assert.Equal("error", reserveSpan.GetProperty("status").GetString());
        AssertAttribute(reserveSpan, "sentry.status.message", "string", "out of stock");
        Assert.All(spans.Values, s => Assert.True(
            s.GetProperty("end_timestamp").GetDouble() >= s.GetProperty("start_timestamp").GetDouble()));

        // What the exporter wrote to disk holds the same spans Spotlight received.
        var written = EnvelopeFiles.ReadAll(envelopeDirectory.Path).SpanV2ItemsOfTrace(traceId)
            .SelectMany(x => SpotlightEnvelopeQueries.SpansOf(x.Item)).Select(s => s.GetProperty("span_id").GetString());
        Assert.Equal(spans.Keys.Order(), written.Order());
    }

    private async Task<IReadOnlyList<(SpotlightEnvelope Envelope, SpotlightItem Item)>> WaitForSpansAsync(string traceId, int expected)
    {
        static int CountSpans(IEnumerable<SpotlightEnvelope> envelopes, string traceId) =>
            envelopes.SpanV2ItemsOfTrace(traceId).Sum(x => SpotlightEnvelopeQueries.SpansOf(x.Item).Count());

        var arrived = await _spotlight.Feed.Envelopes.WaitUntilAsync(e => CountSpans(e, traceId) >= expected, SpotlightFixture.ArrivalTimeout);
        Assert.True(arrived, $"Fewer than {expected} Span v2 spans of trace {traceId} reached Spotlight.{Environment.NewLine}{_spotlight.Describe()}");
        var items = _spotlight.Feed.Envelopes.Snapshot().SpanV2ItemsOfTrace(traceId);
        Assert.Equal(expected, items.Sum(x => SpotlightEnvelopeQueries.SpansOf(x.Item).Count()));
        return items;
    }

    private static bool IsSegment(JsonElement span) =>
        span.TryGetProperty("is_segment", out var value) && value.ValueKind == JsonValueKind.True;

    private static void AssertAttribute(JsonElement span, string key, string type, object value)
    {
        var attribute = default(JsonElement);
        Assert.True(span.TryGetProperty("attributes", out var attributes) && attributes.TryGetProperty(key, out attribute),
            $"attribute {key} missing in {span}");
        Assert.Equal(type, attribute.GetProperty("type").GetString());
        var actual = attribute.GetProperty("value");
        switch (value)
        {
            case string text:
                Assert.Equal(text, actual.GetString());
                break;
            case int number:
                Assert.Equal(number, actual.GetInt64());
                break;
            default:
                throw new ArgumentException($"unsupported expected value type {value.GetType()}");
        }
    }
}
