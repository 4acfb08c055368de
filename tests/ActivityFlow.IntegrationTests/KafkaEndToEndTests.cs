using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Tasks;
using ActivityFlow.IntegrationTests.Infrastructure;
using ActivityFlow.IntegrationTests.Kafka;
using ActivityFlow.IntegrationTests.Spotlight;
using Xunit;
using Xunit.Abstractions;

namespace ActivityFlow.IntegrationTests;

/// <summary>
/// The motivating scenario, made deterministic: an HTTP request produces to Kafka and answers
/// before the delivery report; the `queue.publish` span ends in the delivery handler after the
/// request's transaction ended (a late child); a consumer continues the trace from the headers.
/// Every run must deliver all three to Spotlight, in one trace.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaEndToEndTests
{
    private const int Runs = 20;
    private static readonly TimeSpan ConsumeTimeout = TimeSpan.FromSeconds(15);

    private readonly SpotlightFixture _spotlight;
    private readonly KafkaScenarioFixture _kafka;
    private readonly ITestOutputHelper _output;

    public KafkaEndToEndTests(SpotlightFixture spotlight, KafkaScenarioFixture kafka, ITestOutputHelper output)
    {
        _spotlight = spotlight;
        _kafka = kafka;
        _output = output;
    }

    [Fact]
    public Task Zero_grace_window_delivers_every_request_publish_and_process_span() =>
        RunScenarioAsync("RootGraceWindow = 0", o => o.RootGraceWindow = TimeSpan.Zero);

    [Fact]
    public Task Default_grace_window_delivers_every_request_publish_and_process_span() =>
        RunScenarioAsync("default RootGraceWindow", configure: null);

    private async Task RunScenarioAsync(string setting, Action<SentryExporterOptions>? configure)
    {
        using var envelopeDirectory = new TemporaryDirectory();
        var requestEnds = new RequestEndSignals();
        var runs = new List<KafkaRun>();
        var stopwatch = Stopwatch.StartNew();
        IReadOnlyList<KafkaRunOutcome> beforeFlush;
        using (var provider = ExporterPipeline.Build(
            _spotlight.Server.StreamUrl, envelopeDirectory.Path, DemoTelemetry.AllSourceNames, configure, requestEnds))
        {
            _kafka.Endpoints.RequestEnds = requestEnds;
            try
            {
                for (var i = 0; i < Runs; i++)
                {
                    runs.Add(await RunOnceAsync());
                }
            }
            finally
            {
                _kafka.Endpoints.RequestEnds = null;
            }

            // Every span of every run has ended: the exporter must deliver them without a flush.
            await _spotlight.Feed.Envelopes.WaitUntilAsync(e => Evaluate(runs, e).All(o => o.IsComplete), SpotlightFixture.ArrivalTimeout);
            beforeFlush = Evaluate(runs, _spotlight.Feed.Envelopes.Snapshot());
        }

        // Disposing the provider shut the exporter down, which drains whatever it still held.
        await _spotlight.Feed.Envelopes.WaitUntilAsync(e => Evaluate(runs, e).All(o => o.IsComplete), SpotlightFixture.ArrivalTimeout);
        var outcomes = Evaluate(runs, _spotlight.Feed.Envelopes.Snapshot());
        Report(setting, outcomes, beforeFlush, stopwatch.Elapsed);

        Assert.Equal(0, _kafka.Endpoints.RequestEndWaitTimeouts);
        Assert.All(runs, AssertTraceContinuedThroughKafka);
        Assert.True(outcomes.Sum(o => o.Drops) == 0, "Dropped spans:" + Environment.NewLine + string.Join(Environment.NewLine, outcomes.Where(o => !o.IsComplete)));
        Assert.True(outcomes.All(o => o.Problems.Count == 0), string.Join(Environment.NewLine, outcomes.Where(o => o.Problems.Count > 0)));
        Assert.True(beforeFlush.Sum(o => o.Drops) == 0, "Not delivered until shutdown:" + Environment.NewLine + string.Join(Environment.NewLine, beforeFlush.Where(o => !o.IsComplete)));

        // Spotlight's own reading agrees: `spotlight tail traces` prints one line per transaction.
        var traceIds = runs.Select(r => r.Response.TraceId).ToHashSet();
        var received = _spotlight.Feed.Envelopes.Snapshot().Transactions().Count(t => traceIds.Contains(t.TraceId));
        int PrintedFor(IReadOnlyList<JsonElement> lines) =>
            lines.Count(l => l.TryGetProperty("trace_id", out var id) && traceIds.Contains(id.GetString() ?? ""));
        await _spotlight.Tail.Lines.WaitUntilAsync(lines => PrintedFor(lines) >= received, SpotlightFixture.ArrivalTimeout);
        Assert.Equal(received, PrintedFor(_spotlight.Tail.Lines.Snapshot()));

        // What the exporter wrote to disk is exactly what Spotlight received for these traces.
        var written = EnvelopeFiles.ReadAll(envelopeDirectory.Path);
        foreach (var run in runs)
        {
            Assert.Equal(
                _spotlight.Feed.Envelopes.Snapshot().TransactionsOfTrace(run.Response.TraceId).Select(t => t.SpanId).Order(),
                written.TransactionsOfTrace(run.Response.TraceId).Select(t => t.SpanId).Order());
        }
    }

    private async Task<KafkaRun> RunOnceAsync()
    {
        var response = await _kafka.Service.Client.GetFromJsonAsync<ProduceResponse>("/kafka/produce")
            ?? throw new InvalidOperationException("GET /kafka/produce answered nothing.");
        var consumed = await _kafka.Consumer.Consumed.WaitUntilAsync(m => m.Any(x => x.Key == response.MessageKey), ConsumeTimeout);
        Assert.True(consumed, $"The consumer did not receive message {response.MessageKey} within {ConsumeTimeout}. Errors: {string.Join("; ", _kafka.Consumer.Errors.Snapshot())}");
        return new KafkaRun(response, _kafka.Consumer.Consumed.Snapshot().First(x => x.Key == response.MessageKey));
    }

    private static IReadOnlyList<KafkaRunOutcome> Evaluate(IReadOnlyList<KafkaRun> runs, IReadOnlyList<SpotlightEnvelope> envelopes) =>
        runs.Select(run => run.Evaluate(envelopes.TransactionsOfTrace(run.Response.TraceId))).ToArray();

    private static void AssertTraceContinuedThroughKafka(KafkaRun run)
    {
        Assert.Equal(run.Response.TraceId, run.Consumed.TraceId.ToHexString());
        Assert.Equal(run.Response.PublishSpanId, run.Consumed.ParentSpanId.ToHexString());
        Assert.True(run.Consumed.HasRemoteParent);
    }

    private void Report(string setting, IReadOnlyList<KafkaRunOutcome> outcomes, IReadOnlyList<KafkaRunOutcome> beforeFlush, TimeSpan elapsed)
    {
        _output.WriteLine($"Kafka scenario, {setting}: {outcomes.Count} runs in {elapsed.TotalSeconds:F1} s");
        _output.WriteLine($"  drops: {outcomes.Sum(o => o.Drops)} (before shutdown: {beforeFlush.Sum(o => o.Drops)})");
        foreach (var group in outcomes.GroupBy(o => o.Publish).OrderBy(g => g.Key))
        {
            _output.WriteLine($"  publish span {group.Key}: {group.Count()} runs");
        }

        var received = _spotlight.Feed.Envelopes.Snapshot();
        var transactions = outcomes.Sum(o => received.TransactionsOfTrace(o.TraceId).Count);
        _output.WriteLine($"  transactions received by Spotlight for these traces: {transactions}");
        foreach (var outcome in outcomes.Where(o => !o.IsComplete || o.Problems.Count > 0))
        {
            _output.WriteLine("  " + outcome);
        }
    }
}
