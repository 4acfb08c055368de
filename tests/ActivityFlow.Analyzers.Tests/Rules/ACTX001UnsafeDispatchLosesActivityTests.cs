using System.Threading.Tasks;
using ActivityFlow.Analyzers.Rules;
using ActivityFlow.Analyzers.Tests.Verification;
using ActivityFlow.CodeFixes;

namespace ActivityFlow.Analyzers.Tests.Rules;

public sealed class ACTX001UnsafeDispatchLosesActivityTests
{
    private static Verify Create() =>
        Verify.Analyzer<ACTX001UnsafeDispatchLosesActivityAnalyzer>().WithCodeFix<ACTX001UnsafeDispatchLosesActivityFix>();

    private const string Usings = """
        using System;
        using System.Diagnostics;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        """;

    [Fact]
    public Task Report_UnsafeQueueUserWorkItem_WaitCallback_StartingActivity() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M()
                {
                    ThreadPool.[|UnsafeQueueUserWorkItem|](_ =>
                    {
                        using var activity = Source.StartActivity("work");
                    }, null);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_UnsafeQueueUserWorkItem_GenericState_Logging() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(ILogger logger)
                {
                    ThreadPool.[|UnsafeQueueUserWorkItem|](state => logger.LogInformation("item {State}", state), 42, preferLocal: false);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_UnsafeQueueUserWorkItem_ThreadPoolWorkItem_InSource() =>
        Create().WithSource(Usings + """

            sealed class Item : IThreadPoolWorkItem
            {
                private readonly HttpClient _client = new();
                public void Execute() => _client.GetAsync("http://localhost/").Wait();
            }

            class C
            {
                void M() => ThreadPool.[|UnsafeQueueUserWorkItem|](new Item(), preferLocal: true);
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_UnsafeRegisterWaitForSingleObject() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(WaitHandle handle, ILogger logger)
                {
                    ThreadPool.[|UnsafeRegisterWaitForSingleObject|](handle, (state, timedOut) => logger.LogWarning("signalled"), null, 1000, true);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_ThreadUnsafeStart_DirectAndThroughLocal() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(ILogger logger)
                {
                    new Thread(() => logger.LogInformation("direct")).[|UnsafeStart|]();

                    var thread = new Thread(state => logger.LogInformation("through local {State}", state));
                    thread.[|UnsafeStart|](1);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_CancellationTokenUnsafeRegister_BothOverloads() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(CancellationToken token)
                {
                    token.[|UnsafeRegister|](_ => Source.StartActivity("cancelled")?.Dispose(), null);
                    token.[|UnsafeRegister|]((_, ct) => Source.StartActivity("cancelled")?.Dispose(), null);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_MethodGroup_FollowsCallsIntoSourceMethods() =>
        Create().WithSource(Usings + """

            class C
            {
                private readonly ILogger _logger;
                public C(ILogger logger) => _logger = logger;

                void M() => ThreadPool.[|UnsafeQueueUserWorkItem|](Work, null);

                void Work(object? state) => Step1();
                void Step1() => Step2();
                void Step2() => _logger.LogInformation("deep");
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_WhenTracedWorkIsDeeperThanConfiguredDepth() =>
        Create().WithOption("activityflow.traced_work_depth", "1").WithSource(Usings + """

            class C
            {
                private readonly ILogger _logger;
                public C(ILogger logger) => _logger = logger;

                void M() => ThreadPool.UnsafeQueueUserWorkItem(Work, null);

                void Work(object? state) => Step1();
                void Step1() => Step2();
                void Step2() => _logger.LogInformation("deep");
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_UserListedTracedWorkMethod() =>
        Create().WithOption("activityflow.traced_work_methods", "Acme.Telemetry.Audit.Write, Acme.Other.*").WithSource(Usings + """

            namespace Acme.Telemetry { public static class Audit { public static void Write(string what) { } } }

            class C
            {
                void M() => ThreadPool.[|UnsafeQueueUserWorkItem|](_ => Acme.Telemetry.Audit.Write("x"), null);
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_OpaqueDelegates() =>
        Create().WithSource(Usings + """

            class C
            {
                private readonly WaitCallback _field = _ => { };
                WaitCallback Property { get; } = _ => { };

                void M(WaitCallback parameter, Action<object?> action, CancellationToken token)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(parameter, null);
                    ThreadPool.UnsafeQueueUserWorkItem(_field, null);
                    ThreadPool.UnsafeQueueUserWorkItem(Property, null);
                    token.UnsafeRegister(action, null);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_WorkWithoutTracedWork() =>
        Create().WithSource(Usings + """

            class C
            {
                int _count;

                void M()
                {
                    ThreadPool.UnsafeQueueUserWorkItem(_ => Interlocked.Increment(ref _count), null);
                    new Thread(() => Console.WriteLine("no trace")).UnsafeStart();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_FlowingDispatch() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(ILogger logger)
                {
                    ThreadPool.QueueUserWorkItem(_ => logger.LogInformation("flows"), null);
                    Task.Run(() => logger.LogInformation("flows"));
                    new Thread(() => logger.LogInformation("flows")).Start();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_AlreadyReattached() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(ILogger logger)
                {
                    var captured = Activity.Current;
                    ThreadPool.UnsafeQueueUserWorkItem(_ =>
                    {
                        var previous = Activity.Current;
                        Activity.Current = captured;
                        try { logger.LogInformation("attached"); }
                        finally { Activity.Current = previous; }
                    }, null);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_InsideExpressionTreeAndNameof() =>
        Create().WithSource(Usings + """
            using System.Linq.Expressions;

            class C
            {
                void M(ILogger logger)
                {
                    Expression<Func<bool>> e = () => ThreadPool.UnsafeQueueUserWorkItem(_ => logger.LogInformation("x"), null);
                    var name = nameof(ThreadPool.UnsafeQueueUserWorkItem);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Fix_Lambda_CaptureAndRestore() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(ILogger logger)
                {
                    ThreadPool.[|UnsafeQueueUserWorkItem|](_ => logger.LogInformation("work"), null);
                }
            }
            """).ShouldFixCodeWith(Usings + """

            class C
            {
                void M(ILogger logger)
                {
                    var capturedActivity = Activity.Current;
                    ThreadPool.UnsafeQueueUserWorkItem(_ =>
                    {
                        var previousActivity = Activity.Current;
                        Activity.Current = capturedActivity;
                        try
                        {
                            logger.LogInformation("work");
                        }
                        finally
                        {
                            Activity.Current = previousActivity;
                        }
                    }, null);
                }
            }
            """).ValidateAsync();
}
