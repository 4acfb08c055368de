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
                    using var operation = Source.StartActivity("operation");
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
                    Activity.Current?.AddEvent(new ActivityEvent("enqueue"));
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
                static readonly ActivitySource Source = new("app");

                void Handle()
                {
                    using var request = Source.StartActivity("request");
                    M();
                }

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
                    Activity.Current?.AddEvent(new ActivityEvent("wait"));
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
                    Activity.Current?.AddEvent(new ActivityEvent("start"));
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
                    using var operation = Source.StartActivity("operation");
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

                void M()
                {
                    Activity.Current?.AddEvent(new ActivityEvent("enqueue"));
                    ThreadPool.[|UnsafeQueueUserWorkItem|](Work, null);
                }

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

                void M()
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    ThreadPool.UnsafeQueueUserWorkItem(Work, null);
                }

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
                void M()
                {
                    Activity.Current?.AddEvent(new ActivityEvent("enqueue"));
                    ThreadPool.[|UnsafeQueueUserWorkItem|](_ => Acme.Telemetry.Audit.Write("x"), null);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_InfrastructureLoop_NoLiveScope() =>
        Create().WithSource(Usings + """

            sealed class Listener
            {
                private readonly ILogger _logger;
                public Listener(ILogger logger) => _logger = logger;

                // Started once at start-up: no request, no Activity, nothing for the loop to lose.
                public void Start() => ThreadPool.UnsafeQueueUserWorkItem(_ => AcceptLoop(), null);

                private void AcceptLoop() => _logger.LogInformation("accepting connections");
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_LiveScopeOfACaller_ThroughAnInterface() =>
        Create().WithSource(Usings + """

            interface IAuditor { void Audit(string what); }

            sealed class Auditor : IAuditor
            {
                private readonly ILogger _logger;
                public Auditor(ILogger logger) => _logger = logger;

                public void Audit(string what) => ThreadPool.[|UnsafeQueueUserWorkItem|](_ => _logger.LogInformation("audit {What}", what), null);
            }

            sealed class Handler
            {
                static readonly ActivitySource Source = new("app");
                private readonly IAuditor _auditor;
                public Handler(IAuditor auditor) => _auditor = auditor;

                public void Handle()
                {
                    using var activity = Source.StartActivity("handle");
                    _auditor.Audit("order");
                }
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
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
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
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
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
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
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
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
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
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
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
                static readonly ActivitySource Source = new("app");

                void M(ILogger logger)
                {
                    using var operation = Source.StartActivity("operation");
                    ThreadPool.[|UnsafeQueueUserWorkItem|](_ => logger.LogInformation("work"), null);
                }
            }
            """).ShouldFixCodeWith(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ILogger logger)
                {
                    using var operation = Source.StartActivity("operation");
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

    [Fact]
    public Task NoReport_CallerThroughAFrameworkInterface() =>
        Create().WithSource(Usings + """

            sealed class Pinger : IDisposable
            {
                private readonly ILogger _logger;
                public Pinger(ILogger logger) => _logger = logger;

                // A call through IDisposable is the framework's dispatch, not a caller of this method: it proves nothing here.
                public void Dispose() => ThreadPool.UnsafeQueueUserWorkItem(_ => _logger.LogInformation("flushing"), null);
            }

            sealed class Request
            {
                static readonly ActivitySource Source = new("app");

                public void Handle(IDisposable resource)
                {
                    using var activity = Source.StartActivity("request");
                    resource.Dispose();
                }
            }
            """).ValidateAsync();
}
