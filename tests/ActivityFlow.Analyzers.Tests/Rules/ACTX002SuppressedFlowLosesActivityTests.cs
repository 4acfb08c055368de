using System.Threading.Tasks;
using ActivityFlow.Analyzers.Rules;
using ActivityFlow.Analyzers.Tests.Verification;
using ActivityFlow.CodeFixes;

namespace ActivityFlow.Analyzers.Tests.Rules;

public sealed class ACTX002SuppressedFlowLosesActivityTests
{
    private const string Usings = """
        using System;
        using System.Diagnostics;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        """;

    private static Verify Create() =>
        Verify.Analyzer<ACTX002SuppressedFlowLosesActivityAnalyzer>().WithCodeFix<ACTX002SuppressedFlowLosesActivityFix>();

    [Fact]
    public Task Report_EveryDispatchInsideUsingStatement() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ILogger logger, WaitHandle handle)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    using (ExecutionContext.SuppressFlow())
                    {
                        Task.[|Run|](() => logger.LogInformation("run"));
                        Task.Factory.[|StartNew|](() => logger.LogInformation("start new"));
                        new TaskFactory<int>().[|StartNew|](() => { logger.LogInformation("typed"); return 1; });
                        ThreadPool.[|QueueUserWorkItem|](_ => logger.LogInformation("queued"));
                        ThreadPool.[|RegisterWaitForSingleObject|](handle, (_, _) => logger.LogInformation("wait"), null, 100, true);
                        new Thread(() => Source.StartActivity("thread")?.Dispose()).[|Start|]();
                        var timer = new [|Timer|](_ => Activity.Current?.AddEvent(new ActivityEvent("tick")), null, 0, 1000);
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_DeliberateDetachAtStartUp_NoLiveScope() =>
        Create().WithSource(Usings + """

            sealed class Poller
            {
                private readonly ILogger _logger;
                public Poller(ILogger logger) => _logger = logger;

                // A background loop started at start-up: suppressing flow there detaches it from nothing.
                public void Start()
                {
                    using (ExecutionContext.SuppressFlow())
                    {
                        _ = Task.Run(() => _logger.LogInformation("polling"));
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_AfterUsingDeclaration() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(ILogger logger)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    using var suppressed = ExecutionContext.SuppressFlow();
                    Task.[|Run|](() => logger.LogInformation("run"));
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_BetweenSuppressFlowAndUndo_Only() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(ILogger logger)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    var control = ExecutionContext.SuppressFlow();
                    try
                    {
                        Task.[|Run|](() => logger.LogInformation("suppressed"));
                    }
                    finally
                    {
                        control.Undo();
                    }

                    Task.Run(() => logger.LogInformation("flows again"));
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_BetweenSuppressFlowAndRestoreFlow_Only() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(ILogger logger)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    ExecutionContext.SuppressFlow();
                    ThreadPool.[|QueueUserWorkItem|](_ => logger.LogInformation("suppressed"));
                    ExecutionContext.RestoreFlow();
                    ThreadPool.QueueUserWorkItem(_ => logger.LogInformation("flows"));
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_ThreadCreatedThroughLocal_StartedUnderSuppression() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(ILogger logger)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    var worker = new Thread(() => logger.LogInformation("worker"));
                    using (ExecutionContext.SuppressFlow())
                    {
                        worker.[|Start|]();
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_TimerAndThreadSuppressedOnPurpose_WithoutTracedWork() =>
        Create().WithSource(Usings + """

            class C
            {
                int _ticks;

                void M(ILogger logger)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    using (ExecutionContext.SuppressFlow())
                    {
                        var timer = new Timer(_ => Interlocked.Increment(ref _ticks), null, 0, 1000);
                        new Thread(() => Interlocked.Increment(ref _ticks)).Start();
                        // A timer that only logs is suppressed on purpose: its ticks must not join a request.
                        var logging = new Timer(_ => logger.LogInformation("tick"), null, 0, 1000);
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_OutsideSuppression_AndInLambdasThatRunLater() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(ILogger logger)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    using (ExecutionContext.SuppressFlow())
                    {
                    }

                    Task.Run(() => logger.LogInformation("after the using"));

                    using (ExecutionContext.SuppressFlow())
                    {
                        Action later = () => Task.Run(() => logger.LogInformation("runs later, elsewhere"));
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_OpaqueDelegate() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(Action work)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    using (ExecutionContext.SuppressFlow())
                    {
                        Task.Run(work);
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Fix_AsyncLambdaWithReturnValue() =>
        Create().WithSource(Usings + """

            class C
            {
                Task<int> M(ILogger logger)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    using (ExecutionContext.SuppressFlow())
                    {
                        return Task.[|Run|](async () => { await Task.Yield(); logger.LogInformation("work"); return 1; });
                    }
                }
            }
            """).ShouldFixCodeWith(Usings + """

            class C
            {
                Task<int> M(ILogger logger)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    using (ExecutionContext.SuppressFlow())
                    {
                        var capturedActivity = Activity.Current;
                        return Task.Run(async () =>
                        {
                            var previousActivity = Activity.Current;
                            Activity.Current = capturedActivity;
                            try
                            {
                                await Task.Yield(); logger.LogInformation("work"); return 1;
                            }
                            finally
                            {
                                Activity.Current = previousActivity;
                            }
                        });
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_ReadLoopStartedUnderSuppressFlow_OnPurpose() =>
        Create().WithSource(Usings + """

            sealed class Connector
            {
                private static readonly ActivitySource Source = new("db");
                private readonly ILogger _logger;
                public Connector(ILogger logger) => _logger = logger;

                public void Open()
                {
                    using var activity = Source.StartActivity("open");
                    // A connection-lifetime loop must not keep the opener's Activity.
                    using var suppressed = ExecutionContext.SuppressFlow();
                    _ = Task.Run(ReadLoop);
                }

                private async Task ReadLoop()
                {
                    while (true)
                    {
                        await Task.Delay(10);
                        _logger.LogInformation("read");
                    }
                }
            }
            """).ValidateAsync();
}
