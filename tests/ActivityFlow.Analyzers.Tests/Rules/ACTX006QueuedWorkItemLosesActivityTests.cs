using System.Threading.Tasks;
using ActivityFlow.Analyzers.Rules;
using ActivityFlow.Analyzers.Tests.Verification;
using ActivityFlow.CodeFixes;

namespace ActivityFlow.Analyzers.Tests.Rules;

public sealed class ACTX006QueuedWorkItemLosesActivityTests
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Diagnostics;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        """;

    private const string BackgroundQueue = """

        public interface IBackgroundTaskQueue
        {
            ValueTask QueueBackgroundWorkItemAsync(Func<CancellationToken, ValueTask> workItem);
        }

        public sealed class BackgroundTaskQueue : IBackgroundTaskQueue
        {
            private readonly Channel<Func<CancellationToken, ValueTask>> _queue = Channel.CreateUnbounded<Func<CancellationToken, ValueTask>>();

            public async ValueTask QueueBackgroundWorkItemAsync(Func<CancellationToken, ValueTask> workItem)
            {
                ArgumentNullException.ThrowIfNull(workItem);
                await _queue.Writer.WriteAsync(workItem);
            }
        }
        """;

    // ILogger, ASP.NET Core and OpenTelemetry types: the .NET 10 + ASP.NET Core reference set.
    private static Verify Create() =>
        Verify.Analyzer<ACTX006QueuedWorkItemLosesActivityAnalyzer>().WithCodeFix<ACTX006QueuedWorkItemLosesActivityFix>().WithReferences(ReferenceSet.Net10AspNetCore);

    // ---- reported: each queue API, each kind of live-scope evidence ----

    [Fact]
    public Task Report_ChannelWriter_TryWrite_And_WriteAsync_UnderStartedActivity() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");
                private readonly Channel<Func<CancellationToken, ValueTask>> _channel = Channel.CreateUnbounded<Func<CancellationToken, ValueTask>>();

                async Task M(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    _channel.Writer.[|TryWrite|](async ct => { await Task.Delay(1, ct); logger.LogInformation("queued"); });
                    await _channel.Writer.[|WriteAsync|](ct => { logger.LogInformation("queued"); return ValueTask.CompletedTask; });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_BlockingCollection_AddAndTryAdd_WhenCallerReadsActivityCurrent() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");
                private readonly BlockingCollection<Action> _work = new();

                void M()
                {
                    Activity.Current?.SetTag("queued", 2);
                    _work.[|Add|](() => Source.StartActivity("work")?.Dispose());
                    _work.[|TryAdd|](() => Source.StartActivity("work")?.Dispose(), 100);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_ConcurrentQueue_Enqueue_MethodGroup_ActivityHeldInLocal() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");
                private readonly ConcurrentQueue<Action> _queue = new();
                private readonly HttpClient _client = new();

                void M()
                {
                    var activity = Source.StartActivity("request");
                    _queue.[|Enqueue|](Send);
                    activity?.Stop();
                }

                void Send() => _client.GetAsync("http://localhost/").Wait();
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_BackgroundTaskQueue_ThroughInterfaceAndClass_InControllerAction() =>
        Create().WithSource(Usings + """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            public class ReportsController : ControllerBase
            {
                private readonly IBackgroundTaskQueue _queue;
                private readonly BackgroundTaskQueue _concrete;
                private readonly ILogger<ReportsController> _logger;
                public ReportsController(IBackgroundTaskQueue queue, BackgroundTaskQueue concrete, ILogger<ReportsController> logger)
                {
                    _queue = queue;
                    _concrete = concrete;
                    _logger = logger;
                }

                [HttpPost]
                public async Task<IActionResult> Post()
                {
                    await _queue.[|QueueBackgroundWorkItemAsync|](async ct => { await Task.Delay(10, ct); _logger.LogInformation("report"); });
                    await _concrete.[|QueueBackgroundWorkItemAsync|](ct => { _logger.LogInformation("report"); return ValueTask.CompletedTask; });
                    return Accepted();
                }
            }
            """ + BackgroundQueue).ValidateAsync();

    [Fact]
    public Task Report_MinimalApiHandler() =>
        Create().WithSource(Usings + """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            static class Endpoints
            {
                public static void Map(WebApplication app, ChannelWriter<Action> writer, ILogger<WebApplication> logger)
                {
                    app.MapPost("/jobs", () =>
                    {
                        writer.[|TryWrite|](() => logger.LogInformation("job"));
                        return Results.Accepted();
                    });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_ConfiguredQueueMethod() =>
        Create().WithOption("activityflow.ACTX006.queue_methods", "Acme.Jobs.JobQueue.Schedule(job)").WithSource(Usings + """

            namespace Acme.Jobs
            {
                public static class JobQueue
                {
                    public static void Schedule(string name, Action job, Action? onError = null) { }
                    public static void Other(Action job) { }
                }
            }

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    Acme.Jobs.JobQueue.[|Schedule|]("cleanup", () => logger.LogInformation("job"), () => logger.LogError("failed"));
                    Acme.Jobs.JobQueue.Other(() => logger.LogInformation("not listed"));
                }
            }
            """).ValidateAsync();

    // ---- not reported ----

    [Fact]
    public Task NoReport_LookAlikes() =>
        Create().WithSource(Usings + """
            using System.Collections.Generic;

            class C
            {
                static readonly ActivitySource Source = new("app");
                private readonly ConcurrentQueue<string> _names = new();
                private readonly ConcurrentQueue<Action> _actions = new();
                private readonly Channel<Action> _channel = Channel.CreateUnbounded<Action>();
                private readonly ListQueue _listQueue = new();
                int _count;

                void NoLiveScope(ILogger logger) => _actions.Enqueue(() => logger.LogInformation("x"));

                void InLiveScope(ILogger logger, Action opaque)
                {
                    using var activity = Source.StartActivity("request");
                    _names.Enqueue("not a delegate");
                    _actions.Enqueue(opaque);
                    _actions.Enqueue(() => Interlocked.Increment(ref _count));
                    _listQueue.Queue(() => logger.LogInformation("stored in a list, not queued"));
                    var captured = Activity.Current;
                    _channel.Writer.TryWrite(() =>
                    {
                        var previous = Activity.Current;
                        Activity.Current = captured;
                        try { logger.LogInformation("re-attached"); }
                        finally { Activity.Current = previous; }
                    });
                }
            }

            class ListQueue
            {
                private readonly List<Action> _items = new();
                public void Queue(Action item) => _items.Add(item);
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_InsideExpressionTree() =>
        Create().WithSource(Usings + """
            using System.Linq.Expressions;

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ConcurrentQueue<Action> queue, ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    Expression<Action> e = () => queue.Enqueue(() => logger.LogInformation("x"));
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoCrash_HalfTypedCode() =>
        Create().AllowCompilerErrors().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ConcurrentQueue<Action> queue, ChannelWriter<Action> writer, ILogger logger, IMissingQueue missing)
                {
                    using var activity = Source.StartActivity("request");
                    queue.Enqueue(() => logger.LogInformation(
                    writer.TryWrite(;
                    missing.Queue(() => logger.LogInformation("x"));
                    queue.Enqueue(Undefined);
                }
            }
            """).ValidateAsync();

    // ---- fixes ----

    [Fact]
    public Task Fix_CaptureAndRestore_AsyncWorkItem() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ChannelWriter<Func<CancellationToken, ValueTask>> writer, ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    writer.[|TryWrite|](async ct => await Task.Delay(1, ct).ContinueWith(_ => logger.LogInformation("done")));
                }
            }
            """).ShouldFixCodeWith(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ChannelWriter<Func<CancellationToken, ValueTask>> writer, ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    var capturedActivity = Activity.Current;
                    writer.TryWrite(async ct =>
                    {
                        var previousActivity = Activity.Current;
                        Activity.Current = capturedActivity;
                        try
                        {
                            await Task.Delay(1, ct).ContinueWith(_ => logger.LogInformation("done"));
                        }
                        finally
                        {
                            Activity.Current = previousActivity;
                        }
                    });
                }
            }
            """).ValidateAsync();

    // Fixed one at a time, the first call is fixed first and takes the plain names; Fix All numbers them
    // the other way round. Both are correct.
    [Fact]
    public Task FixAll_BackgroundQueue_And_MethodGroup_Solution()
    {
        var test = Create().WithSource(Usings + """

                class C
                {
                    static readonly ActivitySource Source = new("app");
                    private readonly ILogger _logger;
                    public C(ILogger logger) => _logger = logger;

                    async Task M(IBackgroundTaskQueue queue, ConcurrentQueue<Action> actions)
                    {
                        using var activity = Source.StartActivity("request");
                        await queue.[|QueueBackgroundWorkItemAsync|](Work);
                        actions.[|Enqueue|](() => _logger.LogInformation("action"));
                    }

                    ValueTask Work(CancellationToken ct)
                    {
                        _logger.LogInformation("work");
                        return ValueTask.CompletedTask;
                    }
                }
                """ + BackgroundQueue);
        var fixedAll = Usings + """

                class C
                {
                    static readonly ActivitySource Source = new("app");
                    private readonly ILogger _logger;
                    public C(ILogger logger) => _logger = logger;

                    async Task M(IBackgroundTaskQueue queue, ConcurrentQueue<Action> actions)
                    {
                        using var activity = Source.StartActivity("request");
                        var capturedActivity2 = Activity.Current;
                        await queue.QueueBackgroundWorkItemAsync(ct =>
                        {
                            var previousActivity2 = Activity.Current;
                            Activity.Current = capturedActivity2;
                            try
                            {
                                return Work(ct);
                            }
                            finally
                            {
                                Activity.Current = previousActivity2;
                            }
                        });
                        var capturedActivity = Activity.Current;
                        actions.Enqueue(() =>
                        {
                            var previousActivity = Activity.Current;
                            Activity.Current = capturedActivity;
                            try
                            {
                                _logger.LogInformation("action");
                            }
                            finally
                            {
                                Activity.Current = previousActivity;
                            }
                        });
                    }

                    ValueTask Work(CancellationToken ct)
                    {
                        _logger.LogInformation("work");
                        return ValueTask.CompletedTask;
                    }
                }
                """ + BackgroundQueue;
        return test
            .ShouldFixCodeWith(FixedCode.SwapNames(fixedAll, ("capturedActivity", "capturedActivity2"), ("previousActivity", "previousActivity2")))
            .ShouldBatchFixCodeWith(fixedAll)
            .ValidateAsync();
    }

    [Fact]
    public Task Report_EveryKindOfLiveScopeEvidence_NotItsLookAlikes() =>
        Verify.Analyzer<ACTX006QueuedWorkItemLosesActivityAnalyzer>().WithReferences(ReferenceSet.Net10AspNetCore)
            .WithSource(LiveScopeSamples.Source(@"Deps.Actions.[|Enqueue|](() => Deps.Logger.LogInformation(""x""));"))
            .ValidateAsync();
}
