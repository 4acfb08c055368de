using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace ActivityFlow.IntegrationTests.Spotlight;

/// <summary>Selections over the envelopes Spotlight re-broadcast.</summary>
public static class SpotlightEnvelopeQueries
{
    public static IEnumerable<ReceivedTransaction> Transactions(this IEnumerable<SpotlightEnvelope> envelopes) =>
        envelopes.SelectMany(e => e.Items)
            .Where(i => i.Type == "transaction")
            .Select(i => ReceivedTransaction.FromPayload(i.Payload));

    public static IReadOnlyList<ReceivedTransaction> TransactionsOfTrace(this IEnumerable<SpotlightEnvelope> envelopes, string traceId) =>
        envelopes.Transactions().Where(t => t.TraceId == traceId).ToArray();

    /// <summary>Span v2 items (envelope item type `span`) that hold at least one span of <paramref name="traceId"/>.</summary>
    public static IReadOnlyList<(SpotlightEnvelope Envelope, SpotlightItem Item)> SpanV2ItemsOfTrace(
        this IEnumerable<SpotlightEnvelope> envelopes, string traceId) =>
        envelopes.SelectMany(e => e.Items.Where(i => i.Type == "span").Select(i => (Envelope: e, Item: i)))
            .Where(x => SpansOf(x.Item).Any(span => span.GetProperty("trace_id").GetString() == traceId))
            .ToArray();

    /// <summary>The span objects of a Span v2 item: <c>{"version":2,"items":[…]}</c>.</summary>
    public static IEnumerable<JsonElement> SpansOf(SpotlightItem item) =>
        item.Payload.ValueKind == JsonValueKind.Object && item.Payload.TryGetProperty("items", out var items)
            ? items.EnumerateArray()
            : [];
}
