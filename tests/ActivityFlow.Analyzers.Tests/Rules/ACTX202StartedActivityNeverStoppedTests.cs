using System.Threading.Tasks;
using ActivityFlow.Analyzers.Rules;
using ActivityFlow.Analyzers.Tests.Verification;
using ActivityFlow.CodeFixes;

namespace ActivityFlow.Analyzers.Tests.Rules;

public sealed class ACTX202StartedActivityNeverStoppedTests
{
    private static Verify Create() =>
        Verify.Analyzer<ACTX202StartedActivityNeverStoppedAnalyzer>().WithCodeFix<ACTX202StartedActivityNeverStoppedFix>();

    private const string Usings = """
        using System;
        using System.Diagnostics;
        using System.Threading.Tasks;
        """;

    [Fact]
    public Task Report_LocalNeverStopped() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M()
                {
                    var [|activity|] = Source.StartActivity("work");
                    activity?.SetTag("k", 1);
                    Console.WriteLine("work");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_NewActivityStartedLater_NeverStopped() =>
        Create().WithSource(Usings + """

            class C
            {
                void M()
                {
                    var [|activity|] = new Activity("work");
                    activity.Start();
                    Console.WriteLine("work");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_DiscardedStart_StatementDiscardAndFluentChain() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M()
                {
                    Source.[|StartActivity|]("a");
                    _ = Source.[|StartActivity|]("b");
                    Source.[|StartActivity|]("c")?.SetTag("k", 1).AddEvent(new ActivityEvent("e"));
                    new Activity("d").[|Start|]();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_ReturnBetweenStartAndStop() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                int M(bool early)
                {
                    var [|activity|] = Source.StartActivity("work");
                    if (early)
                    {
                        return 0;
                    }

                    activity?.Stop();
                    return 1;
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_BreakOutOfLoopBodyBetweenStartAndStop() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(int[] items)
                {
                    foreach (var item in items)
                    {
                        var [|activity|] = Source.StartActivity("item");
                        if (item < 0)
                        {
                            break;
                        }

                        activity?.Dispose();
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_ExceptionBetweenStartAndStop() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                async Task M()
                {
                    var [|activity|] = Source.StartActivity("work");
                    await Task.Delay(10);
                    if (activity != null)
                    {
                        activity.Stop();
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_WorkBetweenStartAndStopCatchesEverything() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                async Task M()
                {
                    var activity = Source.StartActivity("work");
                    try
                    {
                        await Task.Delay(10);
                        throw new InvalidOperationException();
                    }
                    catch (Exception ex)
                    {
                        activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                    }

                    try
                    {
                        Console.WriteLine("more");
                    }
                    catch
                    {
                    }

                    activity?.Stop();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_WhenTheHandlerIsFilteredNarrowOrRethrows() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void Narrow()
                {
                    var [|a|] = Source.StartActivity("a");
                    try { Console.WriteLine("x"); } catch (InvalidOperationException) { }
                    a?.Stop();
                }

                void Filtered(bool flag)
                {
                    var [|b|] = Source.StartActivity("b");
                    try { Console.WriteLine("x"); } catch (Exception) when (flag) { }
                    b?.Stop();
                }

                void Rethrows()
                {
                    var [|c|] = Source.StartActivity("c");
                    try { Console.WriteLine("x"); } catch (Exception) { throw; }
                    c?.Stop();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_ExceptionPaths_WhenOptionIsOff() =>
        Create().WithOption("activityflow.ACTX202.report_exception_paths", "false").WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M()
                {
                    var activity = Source.StartActivity("work");
                    Console.WriteLine("may throw");
                    activity?.Stop();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_UsingDeclarationUsingStatementAndFinally() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M()
                {
                    using var a = Source.StartActivity("a");
                    using (var b = Source.StartActivity("b"))
                    {
                        Console.WriteLine("b");
                    }

                    var c = Source.StartActivity("c");
                    using (c)
                    {
                        Console.WriteLine("c");
                    }

                    var d = Source.StartActivity("d");
                    try
                    {
                        Console.WriteLine("d");
                    }
                    catch (Exception ex)
                    {
                        d?.SetStatus(ActivityStatusCode.Error, ex.Message);
                        throw;
                    }
                    finally
                    {
                        d?.Stop();
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_StopWithOnlyAnnotationsBetween_AndStartedThenStoppedAtOnce() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M()
                {
                    var activity = Source.StartActivity("work");
                    activity?.SetTag("k", 1);
                    activity?.AddEvent(new ActivityEvent("e"));
                    activity?.Stop();

                    Source.StartActivity("instant")?.Dispose();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_WhenTheActivityEscapes() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");
                Activity? _field;

                Activity? Returned() { var a = Source.StartActivity("a"); return a; }
                void Stored() { var a = Source.StartActivity("a"); _field = a; }
                void Passed() { var a = Source.StartActivity("a"); Keep(a); }
                void Captured() { var a = Source.StartActivity("a"); Task.Run(() => a?.Stop()); }
                void Reassigned() { var a = Source.StartActivity("a"); a = null; }
                void MadeCurrent() { var a = Source.StartActivity("a"); Activity.Current = a; }
                static void Keep(Activity? activity) { }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_CreatedButNeverStarted_AndStopsTheAnalysisCannotPlace() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(bool flag)
                {
                    var created = new Activity("never started");
                    var fromSource = Source.CreateActivity("never started", ActivityKind.Internal);

                    var a = Source.StartActivity("a");
                    if (flag)
                    {
                        Console.WriteLine("branch");
                        a?.Stop();
                    }
                    else
                    {
                        a?.Stop();
                    }
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

                void M()
                {
                    Expression<Func<Activity?>> e = () => Source.StartActivity("x", ActivityKind.Internal);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_LookAlikeStartMethodsOnOtherTypes() =>
        Create().WithSource(Usings + """
            using System.Threading;

            namespace Acme
            {
                class Span { public Span Start() => this; public void Stop() { } }
                class Tracer { public Span StartActivity(string name) => new(); }

                class C
                {
                    void M(Tracer tracer)
                    {
                        tracer.StartActivity("not System.Diagnostics");
                        var span = tracer.StartActivity("kept");
                        new Span().Start();
                        new Thread(() => { }).Start();
                        var watch = Stopwatch.StartNew();
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Fix_Declaration_UsingDeclaration_RemovesTheTrailingStop() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M()
                {
                    // the unit of work
                    var [|activity|] = Source.StartActivity("work");
                    Console.WriteLine("work");
                    activity?.Stop();
                }
            }
            """).ShouldFixCodeWith(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M()
                {
                    // the unit of work
                    using var activity = Source.StartActivity("work");
                    Console.WriteLine("work");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Fix_Discarded_KeepsItInAUsingDeclaration() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M()
                {
                    var activity = 1;
                    Source.[|StartActivity|]("work")?.SetTag("k", activity);
                    Console.WriteLine("work");
                }
            }
            """).ShouldFixCodeWith(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M()
                {
                    var activity = 1;
                    using var activity2 = Source.StartActivity("work")?.SetTag("k", activity);
                    Console.WriteLine("work");
                }
            }
            """).ValidateAsync();

    // Fixed one at a time, the first call is fixed first and takes the plain names; Fix All numbers them
    // the other way round. Both are correct.
    [Fact]
    public Task BatchFix_EveryShapeInOnePass()
    {
        var test = Create().WithSource(Usings + """

                class C
                {
                    static readonly ActivitySource Source = new("app");

                    async Task M()
                    {
                        var [|outer|] = Source.StartActivity("outer");
                        Source.[|StartActivity|]("a");
                        _ = Source.[|StartActivity|]("b");
                        await Task.Delay(1);
                        outer?.Dispose();
                    }
                }
                """);
        var fixedAll = Usings + """

                class C
                {
                    static readonly ActivitySource Source = new("app");

                    async Task M()
                    {
                        using var outer = Source.StartActivity("outer");
                        using var activity2 = Source.StartActivity("a");
                        using var activity = Source.StartActivity("b");
                        await Task.Delay(1);
                    }
                }
                """;
        return test
            .ShouldFixCodeWith(FixedCode.SwapNames(fixedAll, ("activity", "activity2")))
            .ShouldBatchFixCodeWith(fixedAll)
            .ValidateAsync();
    }

    private const string TracerHelpers = """

        interface ITracer
        {
            Activity? CreateSpan(string name);
            void EndSpan(Activity? span);
        }

        sealed class Tracer : ITracer
        {
            private static readonly ActivitySource Source = new("app");

            public Activity? CreateSpan(string name)
            {
                var span = Source.StartActivity(name);
                span?.SetTag("component", "pump");
                return span;
            }

            public void EndSpan(Activity? span)
            {
                if (span is null)
                {
                    return;
                }

                span.SetStatus(ActivityStatusCode.Ok);
                span.Dispose();
            }
        }
        """;

    [Fact]
    public Task Report_SpanFromATracerHelper_EndedByTheHelperOnlyOnTheNormalPath() =>
        Create().WithSource(Usings + TracerHelpers + """

            sealed class Pump
            {
                private readonly ITracer? _tracer;
                public Pump(ITracer? tracer) => _tracer = tracer;

                public void Run(Func<bool> receive)
                {
                    var {|ACTX202:span|} = _tracer?.CreateSpan("pump");
                    while (receive())
                    {
                        Console.WriteLine("dispatched");
                    }

                    _tracer?.EndSpan(span);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_SpanFromATracerHelper_EndedByTheHelperInFinally() =>
        Create().WithSource(Usings + TracerHelpers + """

            sealed class Pump
            {
                private readonly ITracer? _tracer;
                public Pump(ITracer? tracer) => _tracer = tracer;

                public void Run(Func<bool> receive)
                {
                    var span = _tracer?.CreateSpan("pump");
                    try
                    {
                        while (receive())
                        {
                            Console.WriteLine("dispatched");
                        }
                    }
                    finally
                    {
                        _tracer?.EndSpan(span);
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_StartedInABeforeEvent_StoppedAsActivityCurrentInTheAfterEvent() =>
        Create().WithSource(Usings + """
            using System.Collections.Generic;

            sealed class StoreObserver : IObserver<KeyValuePair<string, object?>>
            {
                private static readonly ActivitySource Source = new("app");

                public void OnNext(KeyValuePair<string, object?> evt)
                {
                    switch (evt.Key)
                    {
                        case "BeforeStore":
                            var activity = Source.StartActivity("store");
                            activity?.SetTag("operation", evt.Value);
                            break;
                        case "AfterStore":
                            Activity.Current?.Stop();
                            break;
                    }
                }

                public void OnCompleted()
                {
                }

                public void OnError(Exception error)
                {
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_ReturnOnlyWhenNoActivityWasStarted() =>
        Create().WithSource(Usings + """

            static class TraceHelper
            {
                private static readonly ActivitySource Source = new("app");

                public static void EmitFailed(string? error)
                {
                    var activity = Source.StartActivity("task failed");
                    if (activity is null)
                    {
                        return;
                    }

                    if (error != null)
                    {
                        activity.SetStatus(ActivityStatusCode.Error, error);
                    }

                    activity.Dispose();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_ReturnWhenTheActivityIsNotNull() =>
        Create().WithSource(Usings + """

            static class TraceHelper
            {
                private static readonly ActivitySource Source = new("app");

                public static void EmitFailed(bool skip)
                {
                    var {|ACTX202:activity|} = Source.StartActivity("task failed");
                    if (activity is not null && skip)
                    {
                        return;
                    }

                    activity?.Dispose();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_StoppedOnlyInTheDeliveryHandler() =>
        Create().WithSource(Usings + """
            using Confluent.Kafka;

            sealed class TracingProducer
            {
                private static readonly ActivitySource Source = new("kafka");
                private readonly IProducer<string, string> _producer;
                public TracingProducer(IProducer<string, string> producer) => _producer = producer;

                public void Produce(string topic, Message<string, string> message, Action<DeliveryReport<string, string>>? deliveryHandler = null)
                {
                    var {|ACTX202:activity|} = Source.StartActivity("publish " + topic, ActivityKind.Producer);
                    Action<DeliveryReport<string, string>>? handler = activity != null
                        ? report =>
                        {
                            activity.SetTag("messaging.kafka.offset", report.Offset.Value);
                            activity.Stop();
                            deliveryHandler?.Invoke(report);
                        }
                        : deliveryHandler;

                    _producer.Produce(topic, message, handler);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_StoppedInTheDeliveryHandler_AndWhenProduceThrows() =>
        Create().WithSource(Usings + """
            using Confluent.Kafka;

            sealed class TracingProducer
            {
                private static readonly ActivitySource Source = new("kafka");
                private readonly IProducer<string, string> _producer;
                public TracingProducer(IProducer<string, string> producer) => _producer = producer;

                public void Produce(string topic, Message<string, string> message)
                {
                    var activity = Source.StartActivity("publish " + topic, ActivityKind.Producer);
                    try
                    {
                        _producer.Produce(topic, message, report => activity?.Stop());
                    }
                    catch
                    {
                        activity?.Stop();
                        throw;
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_ReturnBeforeTheActivityIsHandedOn() =>
        Create().WithSource(Usings + """
            using System.Collections.Generic;

            sealed class JobFilter
            {
                private static readonly ActivitySource Source = new("jobs");
                private readonly Func<string, bool>? _filter;
                public JobFilter(Func<string, bool>? filter) => _filter = filter;

                public void OnPerforming(string job, IDictionary<string, object?> items)
                {
                    var {|ACTX202:activity|} = Source.StartActivity("perform " + job);
                    if (activity != null && _filter?.Invoke(job) == false)
                    {
                        activity.IsAllDataRequested = false;
                        return;
                    }

                    items["activity"] = activity;
                }

                public void OnPerformed(IDictionary<string, object?> items) => (items["activity"] as Activity)?.Stop();
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_ReturnOnlyWhenNull_OrAfterAStop_BeforeTheHandOff() =>
        Create().WithSource(Usings + """
            using System.Collections.Generic;

            sealed class JobFilter
            {
                private static readonly ActivitySource Source = new("jobs");

                public void OnPerforming(string job, bool skip, IDictionary<string, object?> items)
                {
                    var activity = Source.StartActivity("perform " + job);
                    if (activity is null)
                    {
                        return;
                    }

                    if (skip)
                    {
                        activity.Stop();
                        return;
                    }

                    items["activity"] = activity;
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_ThrowBeforeTheStop_WhenALambdaOnlyAnnotatesTheActivity() =>
        Create().WithSource(Usings + """

            sealed class Dispatcher
            {
                private static readonly ActivitySource Source = new("tasks");

                public async Task ExecuteAsync(string? name, Func<Func<Task>, Task> middleware)
                {
                    var {|ACTX202:activity|} = Source.StartActivity("execute");
                    if (name == null)
                    {
                        throw new InvalidOperationException("no name");
                    }

                    await middleware(async () =>
                    {
                        await Task.Yield();
                        activity?.SetTag("task.name", name);
                    });

                    activity?.Stop();
                }
            }
            """).ValidateAsync();
}
