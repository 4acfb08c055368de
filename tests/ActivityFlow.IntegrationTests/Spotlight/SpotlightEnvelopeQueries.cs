using System.Collections.Generic;
using System.Linq;

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
}
