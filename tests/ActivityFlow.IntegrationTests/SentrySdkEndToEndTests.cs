using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ActivityFlow.IntegrationTests.Infrastructure;
using ActivityFlow.IntegrationTests.Kafka;
using ActivityFlow.IntegrationTests.Spotlight;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Sentry;
using Xunit;
using Xunit.Abstractions;

namespace ActivityFlow.IntegrationTests;

/// <summary>
/// The setup users have: an ASP.NET Core minimal API with the Sentry SDK for errors (<c>UseSentry</c> with
/// <c>UseActivityFlow()</c>, tracing on as Sentry's docs suggest) and OpenTelemetry's ASP.NET Core and HttpClient
/// instrumentation exporting through <c>AddSentryExporter()</c> with no DSN. One Sentry setup; one transaction per
/// request; the error linked to its request's trace; late Kafka publish spans promoted; and the exporter's own sends
/// never traced: after the requests, nothing else arrives for a minute.
/// </summary>
[Collection(SentrySdkCollection.Name)]
public sealed class SentrySdkEndToEndTests
{
    private const int Requests = 8;
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMinutes(1);
    private static readonly ActivitySource Orders = new("ActivityFlow.IntegrationTests.SentrySdk.Orders");

    private readonly SpotlightFixture _spotlight;
    private readonly ITestOutputHelper _output;

    public SentrySdkEndToEndTests(SpotlightFixture spotlight, ITestOutputHelper output)
    {
        _spotlight = spotlight;
        _output = output;
    }

    [Fact]
    public async Task One_transaction_per_request_the_error_linked_late_publishes_promoted_and_nothing_else_ever()
    {
        using var kafka = await MockKafkaCluster.StartAsync();
        var topic = "orders-" + Guid.NewGuid().ToString("N")[..8];
        await kafka.Producer.ProduceAsync(topic, new Message<string, string> { Key = "warm-up", Value = "creates the topic" });

        var responses = new List<OrderResponse>();
        await using (var app = await StartServiceAsync(kafka.Producer, topic))
        {
            using var driver = new HttpClient(new TestDriverHandler()) { BaseAddress = app.Address };
            for (var i = 0; i < Requests; i++)
            {
                var id = i == 3 ? "fail" : "A-" + i;
                responses.Add(await driver.GetFromJsonAsync<OrderResponse>("/orders/" + id) ?? throw new InvalidOperationException("no answer"));
            }

            var traces = responses.Select(r => r.TraceId).ToHashSet();
            var arrived = await _spotlight.Feed.Envelopes.WaitUntilAsync(
                e => e.Transactions().Count(t => traces.Contains(t.TraceId)) >= 2 * Requests && Errors(e).Any(),
                SpotlightFixture.ArrivalTimeout);
            Assert.True(arrived, _spotlight.Describe());
        }

        // Disposing the app shut the exporter down. Now nothing may arrive any more: no traced envelope POST, no
        // transaction of Sentry's own.
        var settled = _spotlight.Feed.Envelopes.Snapshot();
        await Task.Delay(QuietPeriod);
        var all = _spotlight.Feed.Envelopes.Snapshot();
        var transactions = all.Transactions().ToList();
        foreach (var t in transactions)
        {
            _output.WriteLine($"{t.Op} {t.Name} trace {t.TraceId[..8]} span {t.SpanId}{(t.HasTrueFlag("sentry.parent_span_already_sent") ? " [promoted]" : "")}");
        }

        Assert.Equal(settled.Count, all.Count);
        var traceIds = responses.Select(r => r.TraceId).ToHashSet();
        Assert.All(transactions, t => Assert.Contains(t.TraceId, traceIds)); // nothing but the requests' traces

        // Exactly one http.server transaction per request, with the outgoing HttpClient call as its child span.
        var requests = transactions.Where(t => t.Op == "http.server").ToList();
        Assert.Equal(Requests, requests.Count);
        foreach (var response in responses)
        {
            var request = Assert.Single(requests, t => t.TraceId == response.TraceId);
            Assert.Equal(response.SpanId, request.SpanId);
            Assert.Equal("GET /orders/{id}", request.Name);
            Assert.Contains(request.Spans, s => s.Op == "http.client" && s.ParentSpanId == request.SpanId);
        }

        // Each late publish span arrived promoted, under its request.
        var publishes = transactions.Where(t => t.Op == "queue.publish").ToList();
        Assert.Equal(Requests, publishes.Count);
        Assert.All(publishes, p =>
        {
            Assert.True(p.HasTrueFlag("sentry.parent_span_already_sent"));
            Assert.Equal(responses.Single(r => r.TraceId == p.TraceId).SpanId, p.ParentSpanId);
        });
        Assert.Equal(2 * Requests, transactions.Count);

        // The error Sentry captured carries its request's trace and span.
        var failed = responses.Single(r => r.Id == "fail");
        var error = Assert.Single(Errors(all));
        var trace = error.GetProperty("contexts").GetProperty("trace");
        Assert.Equal(failed.TraceId, trace.GetProperty("trace_id").GetString());
        Assert.Equal(failed.SpanId, trace.GetProperty("span_id").GetString());
    }

    private static IEnumerable<JsonElement> Errors(IEnumerable<SpotlightEnvelope> envelopes) =>
        envelopes.SelectMany(e => e.Items).Where(i => i.Type == "event").Select(i => i.Payload);

    private async Task<Service> StartServiceAsync(IProducer<string, string> producer, string topic)
    {
        var spotlight = _spotlight.Server;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.WebHost.UseSentry(o =>
        {
            // Spotlight is the receiver. Sentry's HTTP transport sends no Content-Type, which Spotlight needs to read an
            // envelope; the SDK's Spotlight transport sends one, so each envelope is read once, through it.
            o.Dsn = $"http://publickey@127.0.0.1:{spotlight.Port}/1";
            o.EnableSpotlight = true;
            o.SpotlightUrl = spotlight.StreamUrl;
            o.Environment = "sentry-sdk-e2e";
            o.TracesSampleRate = 1.0;
            o.UseActivityFlow();
        });
        builder.Services.AddHttpClient();
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddSource(Orders.Name)
            .AddSentryExporter(o => o.RootGraceWindow = TimeSpan.Zero));

        var app = builder.Build();
        app.MapGet("/orders/{id}", async (string id, IHttpClientFactory clients) =>
        {
            var request = Activity.Current!;
            using (var client = clients.CreateClient())
            {
                await client.GetStringAsync(spotlight.BaseAddress + "health"); // an outgoing call: an http.client span
            }

            Publish(producer, topic, id, request);
            if (id == "fail")
            {
                SentrySdk.CaptureException(new InvalidOperationException("order " + id + " failed"));
            }

            return new OrderResponse(id, request.TraceId.ToHexString(), request.SpanId.ToHexString());
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Service(app, new Uri(address));
    }

    /// <summary>Produces; the publish span ends in the delivery handler once the request has ended: it is late.</summary>
    private static void Publish(IProducer<string, string> producer, string topic, string id, Activity request)
    {
        var publish = Orders.StartActivity("publish " + topic, ActivityKind.Producer)!;
        publish.SetTag("messaging.system", "kafka");
        publish.SetTag("messaging.operation.type", "send");
        publish.SetTag("messaging.destination.name", topic);
        var message = new Message<string, string> { Key = id, Value = "order " + id, Headers = new Headers() };
        KafkaTraceHeaders.Inject(publish, message.Headers);
        producer.Produce(topic, message, _ =>
        {
            SpinWait.SpinUntil(() => request.IsStopped, TimeSpan.FromSeconds(10));
            publish.Stop();
        });
        Activity.Current = request;
    }

    private sealed record OrderResponse(string Id, string TraceId, string SpanId);

    private sealed class Service(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

/// <summary>
/// Sentry's SDK is initialised for the whole process (<c>SentrySdk.Init</c> behind <c>UseSentry</c>), and the tracer
/// provider listens to every ASP.NET Core and HttpClient activity in it: this collection runs alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SentrySdkCollection : ICollectionFixture<SpotlightFixture>
{
    public const string Name = "Sentry SDK";
}
