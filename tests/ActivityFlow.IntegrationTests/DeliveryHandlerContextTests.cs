using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http.Json;
using System.Threading.Tasks;
using ActivityFlow.IntegrationTests.Infrastructure;
using ActivityFlow.IntegrationTests.Kafka;
using Xunit;

namespace ActivityFlow.IntegrationTests;

/// <summary>
/// Confluent.Kafka runs the delivery handler on librdkafka's poll thread, where Activity.Current
/// is null. The orphan audit shows that a span started there is a new, unrelated root, and that
/// capturing the caller's activity before Produce and re-attaching it with ActivityScope links it.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class DeliveryHandlerContextTests
{
    private static readonly TimeSpan ConsumeTimeout = TimeSpan.FromSeconds(15);

    private readonly KafkaScenarioFixture _kafka;

    public DeliveryHandlerContextTests(KafkaScenarioFixture kafka)
    {
        _kafka = kafka;
    }

    [Fact]
    public async Task Span_started_in_the_delivery_handler_without_context_capture_is_reported_as_an_unexpected_root()
    {
        using var audit = StartAudit();

        var confirmation = await ProduceConfirmedAsync(captureContext: false);

        var report = audit.GetReport();
        Assert.NotEqual(confirmation.TraceId, confirmation.DeliverySpanTraceId);
        Assert.Equal(default(ActivitySpanId).ToHexString(), confirmation.DeliverySpanParentId);
        var finding = Assert.Single(report.UnexpectedRoots);
        Assert.Equal(confirmation.DeliverySpanId, finding.SpanId.ToHexString());
        Assert.False(report.IsClean);
        Assert.Throws<OrphanAuditException>(audit.AssertClean);
    }

    [Fact]
    public async Task Span_started_in_the_delivery_handler_under_the_captured_context_joins_the_trace_and_the_audit_is_clean()
    {
        using var audit = StartAudit();

        var confirmation = await ProduceConfirmedAsync(captureContext: true);

        Assert.Equal(confirmation.TraceId, confirmation.DeliverySpanTraceId);
        Assert.Equal(confirmation.PublishSpanId, confirmation.DeliverySpanParentId);
        audit.AssertClean();
        Assert.True(audit.GetReport().IsClean);
    }

    // The shared contract names this OrphanAudit.Start; the package as built names it Attach.
    private static OrphanAudit StartAudit() => OrphanAudit.Attach(new OrphanAuditOptions
    {
        SourceFilter = source => DemoTelemetry.AllSourceNames.Contains(source.Name),
        // The request is a root by nature, and the consumer continues a remote parent.
        IsExpectedRoot = activity => activity.Kind == ActivityKind.Server || activity.HasRemoteParent,
    });

    private async Task<DeliveryConfirmation> ProduceConfirmedAsync(bool captureContext)
    {
        using var stops = new ActivityStopLog(DemoTelemetry.AllSourceNames);
        var confirmation = await _kafka.Service.Client.GetFromJsonAsync<DeliveryConfirmation>(
            $"/kafka/produce-confirmed?captureContext={captureContext}")
            ?? throw new InvalidOperationException("GET /kafka/produce-confirmed answered nothing.");

        // The server stops its request activity after the answer went out, and the consumer records
        // its span later still: wait for both, so the audit sees every activity of the scenario end.
        Assert.True(await stops.WaitForStopAsync(confirmation.RequestSpanId, ConsumeTimeout), "The request activity did not stop.");
        var consumed = await _kafka.Consumer.Consumed.WaitUntilAsync(m => m.Any(x => x.Key == confirmation.MessageKey), ConsumeTimeout);
        Assert.True(consumed, $"The consumer did not receive message {confirmation.MessageKey} within {ConsumeTimeout}.");
        return confirmation;
    }
}
