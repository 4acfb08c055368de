using System.Threading.Tasks;
using ActivityFlow.Analyzers.Rules;
using ActivityFlow.Analyzers.Tests.Verification;
using ActivityFlow.CodeFixes;

namespace ActivityFlow.Analyzers.Tests.Rules;

public sealed class ACTX102ConsumedMessageLosesTraceContextTests
{
    private static Verify Create() =>
        Verify.Analyzer<ACTX102ConsumedMessageLosesTraceContextAnalyzer>().WithCodeFix<ACTX102ConsumedMessageLosesTraceContextFix>();

    private const string Usings = """
        using System;
        using System.Diagnostics;
        using System.Threading;
        using Confluent.Kafka;
        """;

    private const string FixedUsings = """
        using System;
        using System.Diagnostics;
        using System.Text;
        using System.Threading;
        using Confluent.Kafka;
        """;

    [Fact]
    public Task Report_ConsumerActivityWithoutParent() =>
        Create().WithSource(Usings + """

            class Worker
            {
                static readonly ActivitySource Source = new("app");

                void Run(IConsumer<string, string> consumer, CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                        var result = consumer.Consume(token);
                        using var activity = Source.[|StartActivity|]("process", ActivityKind.Consumer);
                        Console.WriteLine(result.Message.Value);
                    }
                }

                void Once(IConsumer<Ignore, byte[]> consumer)
                {
                    ConsumeResult<Ignore, byte[]> result;
                    result = consumer.Consume(TimeSpan.FromSeconds(1));
                    using var activity = Source.[|StartActivity|]("process");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_OnlyConsumerActivities_WhenRequireConsumerKind() =>
        Create().WithOption("activityflow.ACTX102.require_consumer_kind", "true").WithSource(Usings + """

            class Worker
            {
                static readonly ActivitySource Source = new("app");

                void Consumer(IConsumer<string, string> consumer)
                {
                    var result = consumer.Consume(1000);
                    using var activity = Source.[|StartActivity|]("process", ActivityKind.Consumer);
                }

                void Internal(IConsumer<string, string> consumer)
                {
                    var result = consumer.Consume(1000);
                    using var activity = Source.StartActivity("housekeeping");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_ParentSetAfterStart_AndNotTwice() =>
        Create().WithSource(Usings + """
            using System.Text;

            class Worker
            {
                static readonly ActivitySource Source = new("app");

                void Run(IConsumer<string, string> consumer)
                {
                    var result = consumer.Consume(1000);
                    using var activity = Source.StartActivity("process", ActivityKind.Consumer);
                    if (result.Message.Headers.TryGetLastBytes("traceparent", out var traceparent))
                    {
                        activity?.[|SetParentId|](Encoding.UTF8.GetString(traceparent));
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_ParentFromHeaders_ChildrenOfIt_AndContextSetBefore() =>
        Create().WithSource(Usings + """
            using System.Text;

            class Worker
            {
                static readonly ActivitySource Source = new("app");

                void Explicit(IConsumer<string, string> consumer)
                {
                    var result = consumer.Consume(1000);
                    ActivityContext.TryParse(result.Message.Headers.TryGetLastBytes("traceparent", out var tp) ? Encoding.UTF8.GetString(tp) : null, null, out var parent);
                    using var processing = Source.StartActivity("process", ActivityKind.Consumer, parent);
                    using var step = Source.StartActivity("step");
                }

                void CurrentAssigned(IConsumer<string, string> consumer, Activity restored)
                {
                    var result = consumer.Consume(1000);
                    Activity.Current = restored;
                    using var activity = Source.StartActivity("process");
                }

                void OwnPropagator(IConsumer<string, string> consumer, Func<Headers, ActivityContext> extractor)
                {
                    var result = consumer.Consume(1000);
                    var context = Extract(result.Message.Headers);
                    using var activity = Source.StartActivity("process");
                }

                static ActivityContext Extract(Headers headers) => default;
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_WithoutAConsumedMessageInScope() =>
        Create().WithSource(Usings + """

            class Worker
            {
                static readonly ActivitySource Source = new("app");

                void StartedFirst(IConsumer<string, string> consumer)
                {
                    using var activity = Source.StartActivity("poll");
                    var result = consumer.Consume(1000);
                }

                void NotKept(IConsumer<string, string> consumer)
                {
                    Console.WriteLine(consumer.Consume(1000).Message.Value);
                    using var activity = Source.StartActivity("after");
                }

                void OutOfScope(IConsumer<string, string> consumer)
                {
                    {
                        var result = consumer.Consume(1000);
                    }

                    using var activity = Source.StartActivity("after");
                }

                void InLambda(IConsumer<string, string> consumer)
                {
                    var result = consumer.Consume(1000);
                    Action later = () => Source.StartActivity("later")?.Dispose();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_LookAlikeConsumeMethods() =>
        Create().WithSource(Usings + """
            using System.Collections.Concurrent;

            namespace Acme
            {
                interface IConsumer<TKey, TValue> { ConsumeResult<TKey, TValue> Consume(int timeout); }

                class C
                {
                    static readonly ActivitySource Source = new("app");

                    void M(IConsumer<string, string> own, BlockingCollection<string> queue)
                    {
                        var result = own.Consume(1000);
                        var item = queue.Take();
                        using var activity = Source.StartActivity("process", ActivityKind.Consumer);
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Fix_WithoutOpenTelemetry_ParsesTraceparent() =>
        Create().WithSource(Usings + """

            class Worker
            {
                static readonly ActivitySource Source = new("app");

                void Run(IConsumer<string, string> consumer, CancellationToken token)
                {
                    var result = consumer.Consume(token);
                    using var activity = Source.[|StartActivity|]("process", ActivityKind.Consumer);
                    Console.WriteLine(result.Message.Value);
                }
            }
            """).ShouldFixCodeWith(FixedUsings + """

            class Worker
            {
                static readonly ActivitySource Source = new("app");

                void Run(IConsumer<string, string> consumer, CancellationToken token)
                {
                    var result = consumer.Consume(token);
                    ActivityContext.TryParse(result.Message.Headers.TryGetLastBytes("traceparent", out var traceparent) ? Encoding.UTF8.GetString(traceparent) : null, result.Message.Headers.TryGetLastBytes("tracestate", out var tracestate) ? Encoding.UTF8.GetString(tracestate) : null, isRemote: true, out var parentContext);
                    using var activity = Source.StartActivity("process", ActivityKind.Consumer, parentContext: parentContext);
                    Console.WriteLine(result.Message.Value);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Fix_WithOpenTelemetry_UsesThePropagator() =>
        Create().WithReferences(ReferenceSet.Net10AspNetCore).WithSource(Usings + """

            class Worker
            {
                static readonly ActivitySource Source = new("app");

                void Run(IConsumer<string, string> consumer, CancellationToken token)
                {
                    var result = consumer.Consume(token);
                    using var activity = Source.[|StartActivity|]("process");
                    Console.WriteLine(result.Message.Value);
                }
            }
            """).ShouldFixCodeWith(FixedUsings + "\n" + """
            using OpenTelemetry.Context.Propagation;
            class Worker
            {
                static readonly ActivitySource Source = new("app");

                void Run(IConsumer<string, string> consumer, CancellationToken token)
                {
                    var result = consumer.Consume(token);
                    var parentContext = Propagators.DefaultTextMapPropagator.Extract(default, result.Message.Headers, (headers, key) => headers != null && headers.TryGetLastBytes(key, out var value) ? new string[] { Encoding.UTF8.GetString(value) } : Array.Empty<string>());
                    using var activity = Source.StartActivity("process", ActivityKind.Consumer, parentContext: parentContext.ActivityContext);
                    Console.WriteLine(result.Message.Value);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task BatchFix_StartAndSetParentShapes() =>
        Create().WithSource(Usings + """

            class Worker
            {
                static readonly ActivitySource Source = new("app");

                void Run(IConsumer<string, string> consumer)
                {
                    var result = consumer.Consume(1000);
                    using var activity = Source.[|StartActivity|]("process", ActivityKind.Consumer);
                }

                void Manual(IConsumer<string, string> consumer, string parentId)
                {
                    var message = consumer.Consume(1000);
                    using var activity = Source.StartActivity("process", ActivityKind.Consumer);
                    activity?.[|SetParentId|](parentId);
                }
            }
            """).ShouldBatchFixCodeWith(FixedUsings + """

            class Worker
            {
                static readonly ActivitySource Source = new("app");

                void Run(IConsumer<string, string> consumer)
                {
                    var result = consumer.Consume(1000);
                    ActivityContext.TryParse(result.Message.Headers.TryGetLastBytes("traceparent", out var traceparent) ? Encoding.UTF8.GetString(traceparent) : null, result.Message.Headers.TryGetLastBytes("tracestate", out var tracestate) ? Encoding.UTF8.GetString(tracestate) : null, isRemote: true, out var parentContext);
                    using var activity = Source.StartActivity("process", ActivityKind.Consumer, parentContext: parentContext);
                }

                void Manual(IConsumer<string, string> consumer, string parentId)
                {
                    var message = consumer.Consume(1000);
                    using var activity = Source.StartActivity("process", ActivityKind.Consumer, parentId: parentId);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_HandlerGivenTheConsumeResult_StartsItsActivityWithoutTheParent() =>
        Create().WithSource(Usings + """

            sealed class OrderConsumer
            {
                private static readonly ActivitySource Source = new("app");

                public void Run(IConsumer<string, string> consumer, CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                        Handle(consumer.Consume(token));
                    }
                }

                private void Handle(ConsumeResult<string, string> result)
                {
                    using var activity = Source.[|StartActivity|]("process order", ActivityKind.Consumer);
                    Console.WriteLine(result.Message.Value);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_HandlerGivenTheConsumeResult_PassesTheParent() =>
        Create().WithSource(Usings + """

            sealed class OrderConsumer
            {
                private static readonly ActivitySource Source = new("app");

                private void Handle(ConsumeResult<string, string> result)
                {
                    var parentId = result.Message.Headers?.TryGetLastBytes("traceparent", out var bytes) == true
                        ? System.Text.Encoding.ASCII.GetString(bytes)
                        : null;
                    using var activity = Source.StartActivity("process order", ActivityKind.Consumer, parentId);
                    Console.WriteLine(result.Message.Value);
                }
            }
            """).ValidateAsync();
}
