using System.Threading.Tasks;
using ActivityFlow.Analyzers.Rules;
using ActivityFlow.Analyzers.Tests.Verification;
using ActivityFlow.CodeFixes;

namespace ActivityFlow.Analyzers.Tests.Rules;

public sealed class ACTX201CurrentActivityNotRestoredTests
{
    private static Verify Create() =>
        Verify.Analyzer<ACTX201CurrentActivityNotRestoredAnalyzer>().WithCodeFix<ACTX201CurrentActivityNotRestoredFix>();

    private const string Usings = """
        using System;
        using System.Diagnostics;
        using System.Threading;
        using System.Threading.Tasks;
        """;

    [Fact]
    public Task Report_SyncMethod_NoRestore() =>
        Create().WithSource(Usings + """

            class C
            {
                void Attach(Activity parent)
                {
                    [|Activity.Current = parent|];
                    Console.WriteLine("under parent");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_RestoreWithoutFinally_OnlyTheAssignmentIsReported() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(Activity parent)
                {
                    var previous = Activity.Current;
                    [|Activity.Current = parent|];
                    Console.WriteLine("may throw");
                    Activity.Current = previous;
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_SyncLambda_AndNullOutsideALoop() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(Activity parent)
                {
                    Action a = () =>
                    {
                        [|Activity.Current = parent|];
                        Console.WriteLine("x");
                    };
                }

                void Detach()
                {
                    [|Activity.Current = null|];
                    Console.WriteLine("no loop follows");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_NullBeforeLongRunningLoop_ByDefault() =>
        Create().WithSource(Usings + """

            class Worker
            {
                void Run(CancellationToken token)
                {
                    Activity.Current = null;
                    while (!token.IsCancellationRequested)
                    {
                        Thread.Sleep(100);
                    }
                }

                void Forever()
                {
                    Activity.Current = null;
                    for (;;)
                    {
                        Thread.Sleep(100);
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_NullBeforeLongRunningLoop_WhenOptionIsOff() =>
        Create().WithOption("activityflow.ACTX201.allow_detach_before_loop", "false").WithSource(Usings + """

            class Worker
            {
                void Run(CancellationToken token)
                {
                    [|Activity.Current = null|];
                    while (!token.IsCancellationRequested)
                    {
                        Thread.Sleep(100);
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_AsyncFunctions() =>
        Create().WithSource(Usings + """

            class C
            {
                async Task M(Activity parent)
                {
                    Activity.Current = parent;
                    await Task.Delay(1);
                }

                void N(Activity parent)
                {
                    Func<Task> f = async () =>
                    {
                        Activity.Current = parent;
                        await Task.Delay(1);
                    };
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_RestoredInFinally_BothShapes() =>
        Create().WithSource(Usings + """

            class C
            {
                void After(Activity parent)
                {
                    var previousActivity = Activity.Current;
                    Activity.Current = parent;
                    try
                    {
                        Console.WriteLine("x");
                    }
                    finally
                    {
                        Activity.Current = previousActivity;
                    }
                }

                void Inside(Activity parent)
                {
                    var saved = Activity.Current;
                    try
                    {
                        Activity.Current = parent;
                        Console.WriteLine("x");
                    }
                    finally
                    {
                        Activity.Current = saved;
                    }
                }

                void Lambda(Activity captured) => ThreadPool.QueueUserWorkItem(_ =>
                {
                    var previousActivity = Activity.Current;
                    Activity.Current = captured;
                    try
                    {
                        Console.WriteLine("x");
                    }
                    finally
                    {
                        Activity.Current = previousActivity;
                    }
                });
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_WorkItemsThatRunInTheirOwnExecutionContext() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(Activity parent, Task previous)
                {
                    Task.Run(() =>
                    {
                        Activity.Current = null;
                        using var root = Source.StartActivity("root");
                    });
                    Task.Factory.StartNew(() => { Activity.Current = parent; Console.WriteLine("x"); });
                    previous.ContinueWith(_ => { Activity.Current = parent; Console.WriteLine("x"); });
                    new Task(() => { Activity.Current = parent; Console.WriteLine("x"); }).Start();
                    ThreadPool.QueueUserWorkItem(_ => { Activity.Current = parent; Console.WriteLine("x"); });
                    ThreadPool.UnsafeQueueUserWorkItem(_ => { Activity.Current = parent; Console.WriteLine("x"); }, null);
                    new Thread(() => { Activity.Current = parent; Console.WriteLine("x"); }).Start();
                    using var timer = new Timer(_ => { Activity.Current = parent; Console.WriteLine("x"); }, null, 0, 1000);
                    ExecutionContext.Run(ExecutionContext.Capture()!, _ => { Activity.Current = parent; Console.WriteLine("x"); }, null);
                    CancellationToken.None.Register(() => { Activity.Current = parent; Console.WriteLine("x"); });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_LambdaRunInlineByOtherApis() =>
        Create().WithSource(Usings + """
            using System.Collections.Generic;

            class C
            {
                void M(List<Activity> activities, CancellationToken token)
                {
                    activities.ForEach(a => { [|Activity.Current = a|]; Console.WriteLine("x"); });
                    token.UnsafeRegister(_ => { [|Activity.Current = null|]; Console.WriteLine("x"); }, null);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_ScopeTypeAndReads() =>
        Create().WithSource(Usings + """

            sealed class CurrentScope : IDisposable
            {
                private readonly Activity? _previous;

                public CurrentScope(Activity activity)
                {
                    _previous = Activity.Current;
                    Activity.Current = activity;
                }

                public void Dispose() => Activity.Current = _previous;
            }

            class C
            {
                void M()
                {
                    var current = Activity.Current;
                    if (Activity.Current is { } activity)
                    {
                        activity.DisplayName = "renamed";
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_LookAlikeCurrentProperties() =>
        Create().WithSource(Usings + """

            namespace Acme
            {
                static class Activity { public static object? Current { get; set; } }
                static class Scope { public static System.Diagnostics.Activity? Current { get; set; } }

                class C
                {
                    void M(System.Diagnostics.Activity parent)
                    {
                        Activity.Current = parent;
                        Scope.Current = parent;
                        Console.WriteLine("x");
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Fix_WrapsTheRestOfTheBlock() =>
        Create().WithSource(Usings + """

            class C
            {
                int M(Activity parent)
                {
                    Console.WriteLine("before");
                    [|Activity.Current = parent|];
                    var x = 1;
                    return x;
                }
            }
            """).ShouldFixCodeWith(Usings + """

            class C
            {
                int M(Activity parent)
                {
                    Console.WriteLine("before");
                    var previousActivity = Activity.Current;
                    Activity.Current = parent;
                    try
                    {
                        var x = 1;
                        return x;
                    }
                    finally
                    {
                        Activity.Current = previousActivity;
                    }
                }
            }
            """).ValidateAsync();

    // Fixed one at a time, the first fix's try/finally already covers the second assignment and restores it, so the
    // second is no longer reported: one restore. Fix All fixes both as reported: two nested restores.
    [Fact]
    public Task BatchFix_TwoAssignmentsInOneBlock_Nest() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(Activity first, Activity second)
                {
                    [|Activity.Current = first|];
                    Console.WriteLine("first");
                    [|Activity.Current = second|];
                    Console.WriteLine("second");
                }
            }
            """).ShouldFixCodeWith(Usings + """

            class C
            {
                void M(Activity first, Activity second)
                {
                    var previousActivity = Activity.Current;
                    Activity.Current = first;
                    try
                    {
                        Console.WriteLine("first");
                        Activity.Current = second;
                        Console.WriteLine("second");
                    }
                    finally
                    {
                        Activity.Current = previousActivity;
                    }
                }
            }
            """).ShouldBatchFixCodeWith(Usings + """

            class C
            {
                void M(Activity first, Activity second)
                {
                    var previousActivity2 = Activity.Current;
                    Activity.Current = first;
                    try
                    {
                        Console.WriteLine("first");
                        var previousActivity = Activity.Current;
                        Activity.Current = second;
                        try
                        {
                            Console.WriteLine("second");
                        }
                        finally
                        {
                            Activity.Current = previousActivity;
                        }
                    }
                    finally
                    {
                        Activity.Current = previousActivity2;
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_PreviousValueHandedToAScopeThatRestoresItOnDispose() =>
        Create().WithSource(Usings + """

            static class Tracing
            {
                // The caller writes `using (Tracing.Detach()) { ... }`: the scope puts the previous Activity back.
                public static IDisposable Detach()
                {
                    var previous = Activity.Current;
                    Activity.Current = null;
                    return new RestoreOnDispose(previous);
                }
            }

            sealed class RestoreOnDispose : IDisposable
            {
                private readonly Activity? _previous;
                public RestoreOnDispose(Activity? previous) => _previous = previous;
                public void Dispose() => Activity.Current = _previous;
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_HelperWhoseJobIsToSetCurrentBack() =>
        Create().WithSource(Usings + """

            static class Tracing
            {
                public static void SetBack(Activity? previous) => Activity.Current = previous;

                public static void SetBackIfAny(Activity? previous)
                {
                    Activity.Current = previous;
                }

                // The setter ignores a stopped Activity: walk up to the nearest one still running, then put it back.
                public static void RestoreCurrentActivity(Activity? ambient)
                {
                    if (ReferenceEquals(Activity.Current, ambient))
                    {
                        return;
                    }

                    while (ambient is { IsStopped: true })
                    {
                        ambient = ambient.Parent;
                    }

                    Activity.Current = ambient;
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_ConditionalClear_RestoredByAHelperInFinally() =>
        Create().WithSource(Usings + """

            static class Telemetry
            {
                private static readonly ActivitySource Source = new("app");

                public static Activity? StartReceive(string name, ActivityContext parent)
                {
                    var ambient = Activity.Current;
                    if (ambient is not null)
                    {
                        Activity.Current = null;
                    }

                    try
                    {
                        return Source.StartActivity(name, ActivityKind.Consumer, parent);
                    }
                    finally
                    {
                        RestoreCurrentActivity(ambient);
                    }
                }

                private static void RestoreCurrentActivity(Activity? ambient)
                {
                    while (ambient is { IsStopped: true })
                    {
                        ambient = ambient.Parent;
                    }

                    Activity.Current = ambient;
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_ReestablishedJustBeforeItIsStopped() =>
        Create().WithSource(Usings + """

            sealed class RequestObserver
            {
                // Stop() puts the stopped Activity's parent back as Activity.Current.
                public void OnRequestEnd(Activity request)
                {
                    Activity.Current = request;
                    request.SetTag("http.response.status_code", 200);
                    request.Stop();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_NullToStartANewRoot_InADisposableTypeThatDoesNotRestore() =>
        Create().WithSource(Usings + """

            sealed class Worker : IDisposable
            {
                private static readonly ActivitySource Source = new("app");

                public void Handle()
                {
                    [|Activity.Current = null|];
                    using var root = Source.StartActivity("new root");
                    Console.WriteLine("handled");
                }

                public void Dispose() => Console.WriteLine("disposed");
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_PreviousSavedButOnlyCompared_NotHandedOn() =>
        Create().WithSource(Usings + """

            sealed class Worker
            {
                public void Handle(Activity next)
                {
                    var previous = Activity.Current;
                    if (previous != next)
                    {
                        [|Activity.Current = next|];
                    }

                    Console.WriteLine("handled");
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_SpanFactoryThatMakesItsSpanCurrentAndReturnsIt() =>
        Create().WithSource(Usings + """

            sealed class Tracer
            {
                private static readonly ActivitySource Source = new("app");

                // The caller ends the span; Stop puts its parent back as Activity.Current.
                public Activity? CreateSpan(string name)
                {
                    var activity = Source.StartActivity(name);
                    if (activity is not null)
                    {
                        Activity.Current = activity;
                    }

                    return activity;
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_OneStatementActivateHelper() =>
        Create().WithSource(Usings + """

            sealed class Span
            {
                public Span(Activity activity) => Activity = activity;

                public Activity Activity { get; }

                internal void Activate() => Activity.Current = this.Activity;
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_ClearedBeforeStartingBackgroundWork_SoItDoesNotInheritTheTrace() =>
        Create().WithSource(Usings + """

            sealed class ChannelReader
            {
                public void StartReading(Func<Task> readLoop)
                {
                    // Do not carry the previous message's trace into the read loop.
                    Activity.Current = null;
                    Start(readLoop);
                }

                private static void Start(Func<Task> readLoop) => Task.Run(readLoop);
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_EndSpanHelperThatPutsThePreviousActivityBack() =>
        Create().WithSource(Usings + """

            sealed class Tracer
            {
                public void EndSpan(Activity? span)
                {
                    if (span is null)
                    {
                        return;
                    }

                    var previous = span.GetCustomProperty("previous") as Activity;
                    var restore = previous is not null && Activity.Current == span;
                    span.Dispose();

                    if (restore)
                    {
                        Activity.Current = previous;
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_ParentSpanPutBackAfterAChildSpanWasMadeCurrent() =>
        Create().WithSource(Usings + """

            sealed class Context
            {
                public Activity? Span { get; set; }
            }

            sealed class Mediator
            {
                private static readonly ActivitySource Source = new("app");

                public void Dispatch(Context context, string[] messages)
                {
                    var parentSpan = context.Span;
                    foreach (var message in messages)
                    {
                        var producerSpan = Source.StartActivity("publish " + message);
                        producerSpan?.Stop();
                        Activity.Current = parentSpan;
                    }
                }
            }
            """).ValidateAsync();
}
