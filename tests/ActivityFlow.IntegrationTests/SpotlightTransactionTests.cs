using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using ActivityFlow.IntegrationTests.Infrastructure;
using ActivityFlow.IntegrationTests.Spotlight;
using OpenTelemetry.Trace;
using Xunit;

namespace ActivityFlow.IntegrationTests;

/// <summary>
/// Static mode (one transaction per local root) against a real Spotlight sidecar, the roots being real requests to a
/// minimal API instrumented by OpenTelemetry's ASP.NET Core instrumentation.
/// </summary>
[Collection(SpotlightCollection.Name)]
public sealed class SpotlightTransactionTests : IAsyncLifetime
{
    private static readonly ActivitySource Source = new("ActivityFlow.IntegrationTests.SpotlightTransactions");
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(10);

    private readonly SpotlightFixture _spotlight;
    private RequestService _service = null!;

    public SpotlightTransactionTests(SpotlightFixture spotlight)
    {
        _spotlight = spotlight;
    }

    public async Task InitializeAsync() =>
        _service = await RequestService.StartAsync(("GET", "/orders/{id}"), ("POST", "/checkout"), ("GET", "/reports"), ("GET", "/export"));

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Root_with_children_arrives_as_one_transaction_that_spotlight_reads_back()
    {
        using var envelopeDirectory = new TemporaryDirectory();
        Activity root;
        Activity query;
        Activity pricing;
        using (var provider = ExporterPipeline.Build(_spotlight.Server.StreamUrl, envelopeDirectory.Path, [Source.Name]))
        {
            Activity? q = null, p = null;
            root = await _service.SendAsync("GET", "/orders/{id}", "/orders/42", _ =>
            {
                q = Source.StartSampled("SELECT orders", ActivityKind.Client);
                q.SetTag("db.system.name", "postgresql");
                q.SetTag("db.query.text", "SELECT * FROM orders WHERE id = @id");
                q.Stop();
                p = Source.StartSampled("price order", ActivityKind.Internal);
                p.Stop();
            });
            (query, pricing) = (q!, p!);
            Assert.True(provider.ForceFlush((int)FlushTimeout.TotalMilliseconds), "ForceFlush did not complete.");
        }

        var traceId = root.TraceId.ToHexString();
        var rootId = root.SpanId.ToHexString();
        var transaction = await _spotlight.WaitForTransactionAsync(traceId, rootId);
        Assert.Equal("GET /orders/{id}", transaction.Name);
        Assert.Null(transaction.ParentSpanId);
        Assert.Equal(
            new[] { query.SpanId.ToHexString(), pricing.SpanId.ToHexString() }.Order(),
            transaction.Spans.Select(s => s.SpanId).Order());
        Assert.All(transaction.Spans, s => Assert.Equal(rootId, s.ParentSpanId));

        // Spotlight's own reading (`spotlight tail traces -f json`) agrees: one transaction, two spans.
        var tailLine = await _spotlight.WaitForTailLineAsync(traceId, rootId);
        Assert.Equal(2, tailLine.GetProperty("span_count").GetInt32());
        Assert.Equal("GET /orders/{id}", tailLine.GetProperty("transaction").GetString());

        // What the exporter wrote to disk is what Spotlight received.
        var written = EnvelopeFiles.ReadAll(envelopeDirectory.Path).TransactionsOfTrace(traceId);
        Assert.Equal(rootId, Assert.Single(written).SpanId);
    }

    [Fact]
    public async Task Child_ending_after_its_root_was_delivered_arrives_promoted_with_marker_and_parent_span_id()
    {
        using var envelopeDirectory = new TemporaryDirectory();
        using var provider = ExporterPipeline.Build(
            _spotlight.Server.StreamUrl, envelopeDirectory.Path, [Source.Name], o => o.RootGraceWindow = TimeSpan.Zero);

        Activity? background = null;
        var root = await _service.SendAsync("POST", "/checkout", "/checkout", request =>
        {
            background = Source.StartSampled("send receipt", ActivityKind.Internal); // outlives the request
            Activity.Current = request;
        });
        Assert.True(provider.ForceFlush((int)FlushTimeout.TotalMilliseconds), "ForceFlush did not complete.");
        var traceId = root.TraceId.ToHexString();
        var rootId = root.SpanId.ToHexString();

        // The root is verifiably delivered before the child ends: the child is late.
        var rootTransaction = await _spotlight.WaitForTransactionAsync(traceId, rootId);
        Assert.DoesNotContain(rootTransaction.Spans, s => s.SpanId == background!.SpanId.ToHexString());

        background!.Stop();
        Assert.True(provider.ForceFlush((int)FlushTimeout.TotalMilliseconds), "ForceFlush did not complete.");

        var promoted = await _spotlight.WaitForTransactionAsync(traceId, background.SpanId.ToHexString());
        Assert.Equal(rootId, promoted.ParentSpanId);
        Assert.True(promoted.HasTrueFlag(PromotionMarkers.ParentAlreadySent), $"marker missing: {promoted.TraceData}");

        var tailLine = await _spotlight.WaitForTailLineAsync(traceId, background.SpanId.ToHexString());
        Assert.Equal(rootId, tailLine.GetProperty("parent_span_id").GetString());
    }

    [Fact]
    public async Task Child_whose_parent_never_ends_is_promoted_after_the_pending_timeout_and_not_sent_twice()
    {
        using var envelopeDirectory = new TemporaryDirectory();
        using var provider = ExporterPipeline.Build(
            _spotlight.Server.StreamUrl,
            envelopeDirectory.Path,
            [Source.Name],
            o =>
            {
                // The timeout may not be shorter than the grace window.
                o.RootGraceWindow = TimeSpan.Zero;
                o.PendingSpanTimeout = TimeSpan.FromMilliseconds(300);
            });

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Activity? rendered = null;
        var (root, response) = await _service.StartAsync("GET", "/reports", "/reports", async request =>
        {
            rendered = Source.StartSampled("render report", ActivityKind.Internal);
            rendered.Stop();
            Activity.Current = request;
            await release.Task; // the request stays open
        });
        var child = rendered!;
        var traceId = root.TraceId.ToHexString();
        var childId = child.SpanId.ToHexString();

        // No flush: only the exporter's own timeout can send the child while its parent runs.
        var promoted = await _spotlight.WaitForTransactionAsync(traceId, childId);
        Assert.Equal(root.SpanId.ToHexString(), promoted.ParentSpanId);
        Assert.Equal("pending_timeout", PromotionMarkers.OrphanPromotionReason(promoted));

        release.SetResult();
        (await response).EnsureSuccessStatusCode();
        Assert.True(provider.ForceFlush((int)FlushTimeout.TotalMilliseconds), "ForceFlush did not complete.");
        var rootTransaction = await _spotlight.WaitForTransactionAsync(traceId, root.SpanId.ToHexString());
        Assert.DoesNotContain(rootTransaction.Spans, s => s.SpanId == childId);
        Assert.Single(_spotlight.Feed.Envelopes.Snapshot().TransactionsOfTrace(traceId), t => t.SpanId == childId);
    }

    [Fact]
    public async Task Span_still_running_at_shutdown_is_exported_as_deadline_exceeded_with_its_children()
    {
        using var envelopeDirectory = new TemporaryDirectory();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Activity root;
        Activity? child = null;
        Task<System.Net.Http.HttpResponseMessage> response;
        using (ExporterPipeline.Build(_spotlight.Server.StreamUrl, envelopeDirectory.Path, [Source.Name]))
        {
            (root, response) = await _service.StartAsync("GET", "/export", "/export", async request =>
            {
                child = Source.StartSampled("write file", ActivityKind.Internal);
                child.Stop();
                Activity.Current = request;
                await release.Task; // a stuck request: only the shutdown (leaving this block) can send it, unfinished
            });
        }

        release.SetResult();
        await response;
        var sent = await _spotlight.WaitForTransactionAsync(root.TraceId.ToHexString(), root.SpanId.ToHexString());
        Assert.True(sent.HasTrueFlag("activityflow.unfinished"));
        Assert.Equal("deadline_exceeded", sent.Status);
        Assert.Equal(child!.SpanId.ToHexString(), Assert.Single(sent.Spans).SpanId);
    }
}
