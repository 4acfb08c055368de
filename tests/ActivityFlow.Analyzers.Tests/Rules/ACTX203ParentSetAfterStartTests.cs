using System.Threading.Tasks;
using ActivityFlow.Analyzers.Rules;
using ActivityFlow.Analyzers.Tests.Verification;
using ActivityFlow.CodeFixes;

namespace ActivityFlow.Analyzers.Tests.Rules;

public sealed class ACTX203ParentSetAfterStartTests
{
    private static Verify Create() =>
        Verify.Analyzer<ACTX203ParentSetAfterStartAnalyzer>().WithCodeFix<ACTX203ParentSetAfterStartFix>();

    private const string Usings = """
        using System;
        using System.Diagnostics;
        """;

    [Fact]
    public Task Report_StartedAtDeclaration_BothOverloads() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(string parentId, ActivityTraceId traceId, ActivitySpanId spanId)
                {
                    using var a = Source.StartActivity("a");
                    a?.[|SetParentId|](parentId);

                    using var b = new Activity("b").Start();
                    b.[|SetParentId|](traceId, spanId, ActivityTraceFlags.Recorded);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_ChainedOnStart_AndAfterAnExplicitStart() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(string parentId)
                {
                    using var chained = Source.StartActivity("chained")?.[|SetParentId|](parentId);

                    using var later = new Activity("later");
                    later.Start();
                    Console.WriteLine("work");
                    later.[|SetParentId|](parentId);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_OnActivityCurrent_WhichIsAlwaysStarted() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(string parentId) => Activity.Current?.[|SetParentId|](parentId);
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_ParentSetBeforeStart() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(string parentId, bool flag)
                {
                    using var a = new Activity("a");
                    a.SetParentId(parentId);
                    a.Start();

                    using var b = Source.CreateActivity("b", ActivityKind.Internal);
                    b?.SetParentId(parentId);
                    b?.Start();

                    using var c = new Activity("c").SetParentId(parentId).Start();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_UnprovenOrder() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(Activity parameter, string parentId, bool flag)
                {
                    parameter.SetParentId(parentId);

                    var conditional = new Activity("conditional");
                    if (flag)
                    {
                        conditional.Start();
                    }

                    conditional.SetParentId(parentId);
                    conditional.Dispose();

                    var reassigned = new Activity("r").Start();
                    reassigned = new Activity("s");
                    reassigned.SetParentId(parentId);
                    reassigned.Dispose();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_ParentComputedAfterTheStart_IsStillReported() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(Func<string> read)
                {
                    using var activity = Source.StartActivity("work");
                    var parentId = read();
                    activity?.[|SetParentId|](parentId);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_ConsumedKafkaMessage_IsLeftToACTX102() =>
        Create().WithSource(Usings + """
            using Confluent.Kafka;

            class Worker
            {
                static readonly ActivitySource Source = new("app");

                void Run(IConsumer<string, string> consumer, string parentId)
                {
                    var result = consumer.Consume(1000);
                    using var activity = Source.StartActivity("process", ActivityKind.Consumer);
                    activity?.SetParentId(parentId);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_LookAlikeSetParentIdOnOtherTypes() =>
        Create().WithSource(Usings + """

            namespace Acme
            {
                class Span { public Span Start() => this; public Span SetParentId(string id) => this; }

                class C
                {
                    void M(string parentId)
                    {
                        var span = new Span().Start();
                        span.SetParentId(parentId);
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Fix_MovesTheParentIntoStartActivity() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(string parentId)
                {
                    using var activity = Source.StartActivity("work");
                    activity?.[|SetParentId|](parentId);
                    Console.WriteLine("work");
                }
            }
            """).ShouldFixCodeWith(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(string parentId)
                {
                    using var activity = Source.StartActivity("work", ActivityKind.Internal, parentId: parentId);
                    Console.WriteLine("work");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task BatchFix_ContextOverloadAndExplicitStart() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ActivityTraceId traceId, ActivitySpanId spanId, string parentId)
                {
                    using var consumer = Source.StartActivity("consume", ActivityKind.Consumer);
                    consumer?.[|SetParentId|](traceId, spanId);

                    using var manual = new Activity("manual");
                    manual.Start();
                    manual.[|SetParentId|](parentId);
                }
            }
            """).ShouldBatchFixCodeWith(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ActivityTraceId traceId, ActivitySpanId spanId, string parentId)
                {
                    using var consumer = Source.StartActivity("consume", ActivityKind.Consumer, parentContext: new ActivityContext(traceId, spanId, ActivityTraceFlags.None));

                    using var manual = new Activity("manual");
                    manual.SetParentId(parentId);
                    manual.Start();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_OnAnActivityStartedByAHelper() =>
        Create().WithSource(Usings + """

            static class Tracing
            {
                private static readonly ActivitySource Source = new("app");

                public static Activity? StartProcessing(string name) => Source.StartActivity(name, ActivityKind.Consumer);
            }

            class C
            {
                void M(string parentId)
                {
                    var activity = Tracing.StartProcessing("process");
                    activity?.[|SetParentId|](parentId);
                    activity?.Stop();
                }
            }
            """).ValidateAsync();
}
