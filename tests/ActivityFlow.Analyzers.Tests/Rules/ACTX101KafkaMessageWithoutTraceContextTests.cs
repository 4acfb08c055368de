using System.Threading.Tasks;
using ActivityFlow.Analyzers.Rules;
using ActivityFlow.Analyzers.Tests.Verification;
using ActivityFlow.CodeFixes;

namespace ActivityFlow.Analyzers.Tests.Rules;

public sealed class ACTX101KafkaMessageWithoutTraceContextTests
{
    private const string Usings = """
        using System;
        using System.Diagnostics;
        using System.Text;
        using System.Threading.Tasks;
        using Confluent.Kafka;
        """;

    private const string AspNetUsings = """
        using System;
        using System.Diagnostics;
        using System.Text;
        using System.Threading.Tasks;
        using Confluent.Kafka;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        """;

    private static Verify Create() =>
        Verify.Analyzer<ACTX101KafkaMessageWithoutTraceContextAnalyzer>().WithCodeFix<ACTX101KafkaMessageWithoutTraceContextFix>();

    [Fact]
    public Task NoReport_WhenTheOnlyCurrentReadIsAFixsHandOffCapture() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(IProducer<string, string> producer)
                {
                    // What the ACTX003 and ACTX004 fixes insert: the read hands the context on, it is not evidence.
                    var capturedActivity = Activity.Current;
                    var parentContext = Activity.Current?.Context ?? default;
                    producer.Produce("orders", new Message<string, string> { Value = "v" }, report =>
                    {
                        var previousActivity = Activity.Current;
                        Activity.Current = capturedActivity;
                        try
                        {
                            Source.StartActivity("delivered", ActivityKind.Internal, parentContext)?.Dispose();
                        }
                        finally
                        {
                            Activity.Current = previousActivity;
                        }
                    });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_WhenACapturedCurrentIsAlsoUsedOtherwise() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(IProducer<string, string> producer)
                {
                    var current = Activity.Current;
                    Console.WriteLine(current?.Id);
                    producer.[|Produce|]("orders", new Message<string, string> { Value = "v" });
                }
            }
            """).ValidateAsync();

    // ---- reported: each API, each kind of live-scope evidence ----

    [Fact]
    public Task Report_ProduceAsync_InlineMessage_UnderStartedActivity() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                async Task M(IProducer<string, string> producer)
                {
                    using var activity = Source.StartActivity("publish", ActivityKind.Producer);
                    await producer.[|ProduceAsync|]("orders", new Message<string, string> { Key = "k", Value = "v" });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_Produce_LocalMessage_InControllerAction() =>
        Create().WithReferences(ReferenceSet.Net10AspNetCore).WithSource(AspNetUsings + """

            [ApiController]
            public class OrdersController : ControllerBase
            {
                private readonly IProducer<string, string> _producer;
                public OrdersController(IProducer<string, string> producer) => _producer = producer;

                [HttpPost]
                public IActionResult Post(string order)
                {
                    var message = new Message<string, string> { Value = order };
                    _producer.[|Produce|]("orders", message);
                    return Accepted();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_Produce_TopicPartition_ExistingHeadersWithoutTraceContext_WhenCallerReadsCurrent() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(IProducer<string, string> producer, byte[] tenant)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("publishing"));
                    producer.[|Produce|](new TopicPartition("orders", new Partition(0)), new Message<string, string>
                    {
                        Value = "v",
                        Headers = new Headers { { "tenant", tenant } },
                    });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_MinimalApiHandler_HeadersLocal() =>
        Create().WithReferences(ReferenceSet.Net10AspNetCore).WithSource(AspNetUsings + """

            static class Endpoints
            {
                public static void Map(WebApplication app, IProducer<Null, string> producer)
                {
                    app.MapPost("/orders", async (string order) =>
                    {
                        var headers = new Headers();
                        headers.Add("tenant", Encoding.UTF8.GetBytes("t1"));
                        await producer.[|ProduceAsync|]("orders", new Message<Null, string> { Value = order, Headers = headers });
                        return Results.Accepted();
                    });
                }
            }
            """).ValidateAsync();

    // ---- not reported ----

    [Fact]
    public Task NoReport_WithoutLiveScope() =>
        Create().WithSource(Usings + """

            class C
            {
                async Task M(IProducer<string, string> producer)
                {
                    await producer.ProduceAsync("orders", new Message<string, string> { Value = "v" });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_ContextAlreadyInjected() =>
        Create().WithReferences(ReferenceSet.Net10AspNetCore).WithSource(AspNetUsings + """

            using OpenTelemetry;
            using OpenTelemetry.Context.Propagation;

            class C
            {
                static readonly ActivitySource Source = new("app");

                async Task Propagator(IProducer<string, string> producer)
                {
                    using var activity = Source.StartActivity("publish");
                    var message = new Message<string, string> { Value = "v", Headers = new Headers() };
                    Propagators.DefaultTextMapPropagator.Inject(new PropagationContext(activity?.Context ?? default, Baggage.Current), message.Headers, (h, k, v) => h.Add(k, Encoding.UTF8.GetBytes(v)));
                    await producer.ProduceAsync("orders", message);
                }

                async Task TraceParent(IProducer<string, string> producer)
                {
                    using var activity = Source.StartActivity("publish");
                    var headers = new Headers { { "traceparent", Encoding.UTF8.GetBytes(activity!.Id!) } };
                    await producer.ProduceAsync("orders", new Message<string, string> { Value = "v", Headers = headers });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_MessageOrHeadersFromElsewhere() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                async Task M(IProducer<string, string> producer, Message<string, string> parameter)
                {
                    using var activity = Source.StartActivity("publish");
                    await producer.ProduceAsync("orders", parameter);
                    await producer.ProduceAsync("orders", Build());
                    await producer.ProduceAsync("orders", new Message<string, string> { Value = "v", Headers = BuildHeaders() });

                    var helped = new Message<string, string> { Value = "v" };
                    AddTraceContext(helped);
                    await producer.ProduceAsync("orders", helped);

                    var reassigned = new Message<string, string> { Value = "v" };
                    reassigned.Headers = BuildHeaders();
                    await producer.ProduceAsync("orders", reassigned);

                    var fromFactory = BuildHeaders();
                    await producer.ProduceAsync("orders", new Message<string, string> { Value = "v", Headers = fromFactory });
                }

                static Message<string, string> Build() => new() { Value = "v" };
                static Headers BuildHeaders() => new();
                static void AddTraceContext(Message<string, string> message) { }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_ConfiguredTraceHeaderName() =>
        Create().WithOption("activityflow.ACTX101.trace_header_names", "sentry-trace, b3").WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                async Task M(IProducer<string, string> producer, byte[] value)
                {
                    using var activity = Source.StartActivity("publish");
                    await producer.ProduceAsync("orders", new Message<string, string> { Value = "v", Headers = new Headers { { "sentry-trace", value } } });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_InsideExpressionTree() =>
        Create().WithSource(Usings + """
            using System.Linq.Expressions;

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(IProducer<string, string> producer)
                {
                    using var activity = Source.StartActivity("publish");
                    Expression<Func<Task>> e = () => producer.ProduceAsync("orders", new Message<string, string> { Value = "v" }, default);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoCrash_HalfTypedCode() =>
        Create().AllowCompilerErrors().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                async Task M(IProducer<string, string> producer)
                {
                    using var activity = Source.StartActivity("publish");
                    await producer.ProduceAsync("orders", new Message<string, string> { Value = , Headers = });
                    await producer.ProduceAsync(
                    producer.Produce("orders", new Message<string, string> { Headers = Missing() });
                    var m = new Message<string, string>(;
                    producer.{|ACTX101:Produce|}("orders", m);
                }
            }
            """).ValidateAsync();

    // ---- fixes ----

    [Fact]
    public Task Fix_W3C_InlineMessage_WithoutOpenTelemetry() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                async Task M(IProducer<string, string> producer)
                {
                    using var activity = Source.StartActivity("publish", ActivityKind.Producer);
                    await producer.[|ProduceAsync|]("orders", new Message<string, string> { Key = "k", Value = "v" });
                }
            }
            """).ShouldFixCodeWith(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                async Task M(IProducer<string, string> producer)
                {
                    using var activity = Source.StartActivity("publish", ActivityKind.Producer);
                    var headers = new Headers();
                    if (Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } traceParent } current)
                    {
                        headers.Add("traceparent", Encoding.UTF8.GetBytes(traceParent));
                        if (current.TraceStateString is { } traceState)
                        {
                            headers.Add("tracestate", Encoding.UTF8.GetBytes(traceState));
                        }
                    }

                    await producer.ProduceAsync("orders", new Message<string, string> { Key = "k", Value = "v", Headers = headers });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Fix_Propagator_LocalMessage_WithOpenTelemetry() =>
        Create().WithReferences(ReferenceSet.Net10AspNetCore).WithSource(AspNetUsings + """

            [ApiController]
            public class OrdersController : ControllerBase
            {
                private readonly IProducer<string, string> _producer;
                public OrdersController(IProducer<string, string> producer) => _producer = producer;

                [HttpPost]
                public IActionResult Post(string order)
                {
                    var message = new Message<string, string> { Value = order };
                    _producer.[|Produce|]("orders", message);
                    return Accepted();
                }
            }
            """).ShouldFixCodeWith(AspNetUsings + """

            using OpenTelemetry;
            using OpenTelemetry.Context.Propagation;
            [ApiController]
            public class OrdersController : ControllerBase
            {
                private readonly IProducer<string, string> _producer;
                public OrdersController(IProducer<string, string> producer) => _producer = producer;

                [HttpPost]
                public IActionResult Post(string order)
                {
                    var message = new Message<string, string> { Value = order };
                    message.Headers ??= new Headers();
                    Propagators.DefaultTextMapPropagator.Inject(new PropagationContext(Activity.Current?.Context ?? default, Baggage.Current), message.Headers, (carrier, key, value) => carrier.Add(key, Encoding.UTF8.GetBytes(value)));
                    _producer.Produce("orders", message);
                    return Accepted();
                }
            }
            """).ValidateAsync();

    // Fixed one at a time, "b" is left without trace context: once "a" is fixed, the body uses "traceparent", which
    // the rule takes as the body propagating by hand, so "b" is no longer reported. Fix All fixes both.
    [Fact]
    public Task FixAll_ExistingHeaders_And_TwoProducers_Solution() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(IProducer<string, string> producer, byte[] tenant)
                {
                    using var activity = Source.StartActivity("publish");
                    producer.[|Produce|]("a", new Message<string, string> { Value = "v", Headers = new Headers { { "tenant", tenant } } });
                    if (tenant.Length > 0)
                        producer.[|Produce|]("b", new Message<string, string>());
                }
            }
            """).ShouldFixCodeWith(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(IProducer<string, string> producer, byte[] tenant)
                {
                    using var activity = Source.StartActivity("publish");
                    var headers = new Headers { { "tenant", tenant } };
                    if (Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } traceParent } current)
                    {
                        headers.Add("traceparent", Encoding.UTF8.GetBytes(traceParent));
                        if (current.TraceStateString is { } traceState)
                        {
                            headers.Add("tracestate", Encoding.UTF8.GetBytes(traceState));
                        }
                    }

                    producer.Produce("a", new Message<string, string> { Value = "v", Headers = headers });
                    if (tenant.Length > 0)
                        producer.Produce("b", new Message<string, string>());
                }
            }
            """).ShouldBatchFixCodeWith(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(IProducer<string, string> producer, byte[] tenant)
                {
                    using var activity = Source.StartActivity("publish");
                    var headers2 = new Headers { { "tenant", tenant } };
                    if (Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } traceParent2 } current2)
                    {
                        headers2.Add("traceparent", Encoding.UTF8.GetBytes(traceParent2));
                        if (current2.TraceStateString is { } traceState2)
                        {
                            headers2.Add("tracestate", Encoding.UTF8.GetBytes(traceState2));
                        }
                    }

                    producer.Produce("a", new Message<string, string> { Value = "v", Headers = headers2 });
                    if (tenant.Length > 0)
                    {
                        var headers = new Headers();
                        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } traceParent } current)
                        {
                            headers.Add("traceparent", Encoding.UTF8.GetBytes(traceParent));
                            if (current.TraceStateString is { } traceState)
                            {
                                headers.Add("tracestate", Encoding.UTF8.GetBytes(traceState));
                            }
                        }

                        producer.Produce("b", new Message<string, string>() { Headers = headers });
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task FixAll_TwoDocuments_SolutionScope() =>
        Create()
            .WithSource(Usings + """

            class A
            {
                static readonly ActivitySource Source = new("a");

                void M(IProducer<string, string> producer)
                {
                    using var activity = Source.StartActivity("publish");
                    producer.[|Produce|]("a", new Message<string, string> { Value = "a" });
                }
            }
            """)
            .WithSource(Usings + """

            class B
            {
                void M(IProducer<string, string> producer)
                {
                    var message = new Message<string, string> { Value = "b" };
                    Activity.Current?.SetTag("topic", "b");
                    producer.[|Produce|]("b", message);
                }
            }
            """)
            .ShouldBatchFixCodeWith(
                Usings + """

            class A
            {
                static readonly ActivitySource Source = new("a");

                void M(IProducer<string, string> producer)
                {
                    using var activity = Source.StartActivity("publish");
                    var headers = new Headers();
                    if (Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } traceParent } current)
                    {
                        headers.Add("traceparent", Encoding.UTF8.GetBytes(traceParent));
                        if (current.TraceStateString is { } traceState)
                        {
                            headers.Add("tracestate", Encoding.UTF8.GetBytes(traceState));
                        }
                    }

                    producer.Produce("a", new Message<string, string> { Value = "a", Headers = headers });
                }
            }
            """,
                Usings + """

            class B
            {
                void M(IProducer<string, string> producer)
                {
                    var message = new Message<string, string> { Value = "b" };
                    Activity.Current?.SetTag("topic", "b");
                    message.Headers ??= new Headers();
                    if (Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } traceParent } current)
                    {
                        message.Headers.Add("traceparent", Encoding.UTF8.GetBytes(traceParent));
                        if (current.TraceStateString is { } traceState)
                        {
                            message.Headers.Add("tracestate", Encoding.UTF8.GetBytes(traceState));
                        }
                    }

                    producer.Produce("b", message);
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task Report_EveryKindOfLiveScopeEvidence_NotItsLookAlikes() =>
        Verify.Analyzer<ACTX101KafkaMessageWithoutTraceContextAnalyzer>().WithReferences(ReferenceSet.Net10AspNetCore)
            .WithSource(LiveScopeSamples.Source(@"Deps.Producer.[|Produce|](""t"", new Message<string, string> { Value = ""v"" });"))
            .ValidateAsync();

    private const string ProducerWrappers = """

        sealed class DependentProducer<TKey, TValue>
        {
            private readonly IProducer<TKey, TValue> _producer;
            public DependentProducer(IProducer<TKey, TValue> producer) => _producer = producer;

            public Task ProduceAsync(string topic, Message<TKey, TValue> message) => _producer.ProduceAsync(topic, message);
        }

        sealed class TracingProducer
        {
            private readonly IProducer<string, string> _producer;
            public TracingProducer(IProducer<string, string> producer) => _producer = producer;

            public Task ProduceAsync(string topic, Message<string, string> message)
            {
                message.Headers ??= new Headers();
                message.Headers.Add("traceparent", Encoding.ASCII.GetBytes(Activity.Current?.Id ?? string.Empty));
                return _producer.ProduceAsync(topic, message);
            }
        }
        """;

    [Fact]
    public Task Report_MessageProducedThroughAWrapperThatPassesItOnUntouched() =>
        Create().WithSource(Usings + ProducerWrappers + """

            class OrdersHandler
            {
                private static readonly ActivitySource Source = new("app");

                async Task Handle(DependentProducer<string, string> producer, string order)
                {
                    using var activity = Source.StartActivity("handle order");
                    await producer.[|ProduceAsync|]("orders", new Message<string, string> { Value = order });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_MessageProducedThroughAWrapperThatAddsTheTraceHeader() =>
        Create().WithSource(Usings + ProducerWrappers + """

            class OrdersHandler
            {
                private static readonly ActivitySource Source = new("app");

                async Task Handle(TracingProducer producer, string order)
                {
                    using var activity = Source.StartActivity("handle order");
                    await producer.ProduceAsync("orders", new Message<string, string> { Value = order });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_ActivityIdWrittenIntoTheBusOwnHeader() =>
        Create().WithSource(Usings + """

            static class HeaderExtensions
            {
                public static Headers AddIfNotNull(this Headers headers, string key, string? value)
                {
                    if (value is not null)
                    {
                        headers.Add(key, Encoding.UTF8.GetBytes(value));
                    }

                    return headers;
                }
            }

            class Publisher
            {
                private static readonly ActivitySource Source = new("bus");

                // The bus's consumer reads "X-Activity-Id" back and passes it as the parent id.
                async Task PublishAsync(IProducer<string, string> producer, string id, string body)
                {
                    using var activity = Source.StartActivity("publish");
                    var message = new Message<string, string> { Key = id, Value = body, Headers = new Headers() };
                    message.Headers.AddIfNotNull("X-Correlation-Id", id)
                                   .AddIfNotNull("X-Activity-Id", Activity.Current?.Id);
                    await producer.ProduceAsync("events", message);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_InAProjectThatUsesOpenTelemetrysProducerInstrumentation() =>
        Create().WithSource(Usings + """

            namespace Confluent.Kafka
            {
                // What OpenTelemetry.Instrumentation.ConfluentKafka declares: its producers inject traceparent themselves.
                public sealed class InstrumentedProducerBuilder<TKey, TValue> : ProducerBuilder<TKey, TValue>
                {
                    public InstrumentedProducerBuilder(ProducerConfig config)
                        : base(config)
                    {
                    }
                }
            }

            class OrdersHandler
            {
                private static readonly ActivitySource Source = new("app");

                async Task Handle(IProducer<string, string> producer, string order)
                {
                    using var activity = Source.StartActivity("handle order");
                    await producer.ProduceAsync("orders", new Message<string, string> { Value = order });
                }
            }
            """).ValidateAsync();
}
