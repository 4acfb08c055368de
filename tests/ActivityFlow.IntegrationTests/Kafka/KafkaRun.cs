using System.Collections.Generic;
using System.Linq;
using ActivityFlow.IntegrationTests.Spotlight;

namespace ActivityFlow.IntegrationTests.Kafka;

/// <summary>How the publish span of one run reached Sentry.</summary>
public enum PublishDelivery
{
    Missing,
    GroupedIntoRequest,
    PromotedParentAlreadySent,
    PromotedOtherwise,
}

/// <summary>One request through the Kafka scenario: the ids the service answered and the consumer recorded.</summary>
public sealed record KafkaRun(ProduceResponse Response, ConsumedMessage Consumed)
{
    public string ProcessSpanId => Consumed.SpanId.ToHexString();

    /// <summary>Checks what Spotlight received for this run's trace; see <see cref="KafkaRunOutcome"/>.</summary>
    public KafkaRunOutcome Evaluate(IReadOnlyList<ReceivedTransaction> transactionsOfTrace)
    {
        var problems = new List<string>();
        var requests = transactionsOfTrace.Where(t => t.SpanId == Response.RequestSpanId).ToArray();
        var publishAsSpan = requests.SelectMany(t => t.Spans).Where(s => s.SpanId == Response.PublishSpanId).ToArray();
        var publishAsTransaction = transactionsOfTrace.Where(t => t.SpanId == Response.PublishSpanId).ToArray();
        var processes = transactionsOfTrace.Where(t => t.SpanId == ProcessSpanId).ToArray();

        var publish = PublishDelivery.Missing;
        if (publishAsSpan.Length == 1 && publishAsTransaction.Length == 0)
        {
            publish = PublishDelivery.GroupedIntoRequest;
            Expect(publishAsSpan[0].Op == "queue.publish", $"grouped publish span has op '{publishAsSpan[0].Op}'");
        }
        else if (publishAsTransaction.Length == 1 && publishAsSpan.Length == 0)
        {
            var promoted = publishAsTransaction[0];
            publish = promoted.HasTrueFlag(PromotionMarkers.ParentAlreadySent)
                ? PublishDelivery.PromotedParentAlreadySent
                : PublishDelivery.PromotedOtherwise;
            Expect(promoted.ParentSpanId == Response.RequestSpanId, $"promoted publish has parent_span_id '{promoted.ParentSpanId}'");
            Expect(promoted.Op == "queue.publish", $"promoted publish has op '{promoted.Op}'");
            Expect(
                publish == PublishDelivery.PromotedParentAlreadySent || PromotionMarkers.OrphanPromotionReason(promoted) is not null,
                "promoted publish carries no promotion marker");
        }

        Expect(requests.Length <= 1, $"request transaction arrived {requests.Length} times");
        Expect(requests.All(r => r.Op == "http.server"), $"request transaction has op '{requests.FirstOrDefault()?.Op}'");
        Expect(publishAsSpan.Length + publishAsTransaction.Length <= 1, "publish span arrived more than once");
        Expect(processes.Length <= 1, $"process transaction arrived {processes.Length} times");
        if (processes.Length == 1)
        {
            Expect(processes[0].ParentSpanId == Response.PublishSpanId, $"process transaction has parent_span_id '{processes[0].ParentSpanId}'");
            Expect(processes[0].Op == "queue.process", $"process transaction has op '{processes[0].Op}'");
        }

        var drops = (requests.Length == 0 ? 1 : 0) + (publish == PublishDelivery.Missing ? 1 : 0) + (processes.Length == 0 ? 1 : 0);
        return new KafkaRunOutcome(Response.TraceId, drops, publish, problems);

        void Expect(bool condition, string problem)
        {
            if (!condition)
            {
                problems.Add(problem);
            }
        }
    }
}

/// <summary>
/// Of one run's three expected items (request transaction, publish span, process transaction),
/// how many never arrived, how the publish span arrived, and anything malformed or duplicated.
/// </summary>
public sealed record KafkaRunOutcome(string TraceId, int Drops, PublishDelivery Publish, IReadOnlyList<string> Problems)
{
    public bool IsComplete => Drops == 0;

    public override string ToString() =>
        $"trace {TraceId}: drops={Drops}, publish={Publish}" + (Problems.Count > 0 ? ", problems: " + string.Join("; ", Problems) : "");
}
