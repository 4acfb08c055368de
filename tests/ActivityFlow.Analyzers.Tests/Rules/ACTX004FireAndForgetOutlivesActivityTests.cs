using System.Threading.Tasks;
using ActivityFlow.Analyzers.Rules;
using ActivityFlow.Analyzers.Tests.Verification;
using ActivityFlow.CodeFixes;

namespace ActivityFlow.Analyzers.Tests.Rules;

public sealed class ACTX004FireAndForgetOutlivesActivityTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        """;

    // ILogger, ASP.NET Core and OpenTelemetry types: the .NET 10 + ASP.NET Core reference set.
    private static Verify Create() =>
        Verify.Analyzer<ACTX004FireAndForgetOutlivesActivityAnalyzer>().WithCodeFix<ACTX004FireAndForgetOutlivesActivityFix>().WithReferences(ReferenceSet.Net10AspNetCore);

    // ---- each dispatch API, each kind of live-scope evidence ----

    [Fact]
    public Task Report_TaskRun_Statement_UnderUsingDeclaration() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    Task.[|Run|](() => logger.LogInformation("later"));
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_TaskRun_Discard_InsideUsingStatement() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                async Task M()
                {
                    using (Source.StartActivity("request"))
                    {
                        _ = Task.[|Run|](async () =>
                        {
                            using var child = Source.StartActivity("child");
                            await Task.Delay(100);
                        });
                        await Task.Yield();
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_StartNew_AfterCreateActivityStart_HeldInLocal() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ILogger logger)
                {
                    var activity = Source.CreateActivity("request", ActivityKind.Server)?.Start();
                    Task.Factory.[|StartNew|](() => logger.LogInformation("later"));
                    activity?.Stop();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_QueueUserWorkItem_WhenCallerReadsActivityCurrent() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(ILogger logger)
                {
                    Activity.Current?.SetTag("queued", true);
                    ThreadPool.[|QueueUserWorkItem|](_ => logger.LogInformation("later"));
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_KafkaProduceAsync_Discarded_InActivityScope() =>
        Create().WithSource(Usings + """
            using Confluent.Kafka;

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(IProducer<string, string> producer)
                {
                    using var activity = Source.StartActivity("request");
                    _ = producer.[|ProduceAsync|]("topic", new Message<string, string> { Value = "v" });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_ContinueWithChain_And_StaticVoidHelper() =>
        Create().WithSource(Usings + """

            static class TaskExtensions
            {
                public static void Forget(this Task task) { }
            }

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    Task.[|Run|](() => logger.LogInformation("one")).ContinueWith(t => Console.WriteLine(t.Exception));
                    Task.[|Run|](() => logger.LogInformation("two")).Forget();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_MethodGroup_FollowedIntoSourceMethods() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");
                private readonly ILogger _logger;
                public C(ILogger logger) => _logger = logger;

                void M()
                {
                    using var activity = Source.StartActivity("request");
                    Task.[|Run|](Work);
                }

                void Work() => Step();
                void Step() => _logger.LogInformation("deep");
            }
            """).ValidateAsync();

    // ---- ASP.NET Core entry points ----

    private const string AspNetUsings = """
        using System;
        using System.Diagnostics;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;
        using Microsoft.AspNetCore.SignalR;
        using Microsoft.Extensions.Logging;
        """;

    [Fact]
    public Task Report_ControllerAction() =>
        Create().WithSource(AspNetUsings + """

            [ApiController]
            public class OrdersController : ControllerBase
            {
                private readonly ILogger<OrdersController> _logger;
                public OrdersController(ILogger<OrdersController> logger) => _logger = logger;

                [HttpPost]
                public IActionResult Post()
                {
                    Task.[|Run|](() => _logger.LogInformation("audit"));
                    return Ok();
                }

                [NonAction]
                public void Helper() => Task.Run(() => _logger.LogInformation("not an action"));

                private void Private() => Task.Run(() => _logger.LogInformation("not an action"));
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_MinimalApiHandler_And_InlineMiddleware() =>
        Create().WithSource(AspNetUsings + """

            static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/orders", (ILogger<WebApplication> logger) =>
                    {
                        ThreadPool.[|QueueUserWorkItem|](_ => logger.LogInformation("audit"));
                        return Results.Accepted();
                    });

                    app.Use(async (HttpContext context, RequestDelegate next) =>
                    {
                        var logger = context.RequestServices.GetService(typeof(ILogger<WebApplication>)) as ILogger;
                        _ = Task.[|Run|](() => logger?.LogInformation("audit"));
                        await next(context);
                    });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_Middleware_RazorPage_Hub() =>
        Create().WithSource(AspNetUsings + """

            public class AuditMiddleware
            {
                private readonly RequestDelegate _next;
                private readonly ILogger<AuditMiddleware> _logger;
                public AuditMiddleware(RequestDelegate next, ILogger<AuditMiddleware> logger) { _next = next; _logger = logger; }

                public Task InvokeAsync(HttpContext context)
                {
                    _ = Task.[|Run|](() => _logger.LogInformation("audit"));
                    return _next(context);
                }
            }

            public class IndexModel : PageModel
            {
                private readonly ILogger<IndexModel> _logger;
                public IndexModel(ILogger<IndexModel> logger) => _logger = logger;

                public void OnGet() => Task.[|Run|](() => _logger.LogInformation("page"));

                public void Helper() => Task.Run(() => _logger.LogInformation("not a handler"));
            }

            public class ChatHub : Hub
            {
                private readonly ILogger<ChatHub> _logger;
                public ChatHub(ILogger<ChatHub> logger) => _logger = logger;

                public Task Send(string message)
                {
                    _ = Task.[|Run|](() => _logger.LogInformation("sent {Message}", message));
                    return Task.CompletedTask;
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_ConfiguredEntryPoints_AttributeAndMethod() =>
        Create()
            .WithOption("activityflow.entry_point_attributes", "Acme.Messaging.HandlerAttribute")
            .WithOption("activityflow.entry_point_methods", "Acme.Messaging.IConsumer.Consume, Acme.Messaging.HandlerBase.Handle")
            .WithSource(Usings + """

            namespace Acme.Messaging
            {
                [AttributeUsage(AttributeTargets.Method)] public sealed class HandlerAttribute : Attribute { }
                public interface IConsumer<T> { void Consume(T message); }
                public abstract class HandlerBase { public abstract void Handle(string message); }
            }

            class OrderHandler : Acme.Messaging.HandlerBase
            {
                private readonly ILogger _logger;
                public OrderHandler(ILogger logger) => _logger = logger;

                public override void Handle(string message) => Task.[|Run|](() => _logger.LogInformation("override"));
            }

            class Handlers : Acme.Messaging.IConsumer<string>
            {
                private readonly ILogger _logger;
                public Handlers(ILogger logger) => _logger = logger;

                [Acme.Messaging.Handler]
                public void OnOrder(string order) => Task.[|Run|](() => _logger.LogInformation("order"));

                public void Consume(string message) => Task.[|Run|](() => _logger.LogInformation("message"));

                public void NotConfigured(string message) => Task.Run(() => _logger.LogInformation("message"));
            }
            """).ValidateAsync();

    // ---- look-alikes that are not reported ----

    [Fact]
    public Task NoReport_WithoutLiveScope() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void NoEvidence(ILogger logger) => Task.Run(() => logger.LogInformation("later"));

                void AfterStop(ILogger logger)
                {
                    var activity = Source.StartActivity("request");
                    activity?.Stop();
                    Task.Run(() => logger.LogInformation("later"));
                }

                void AfterUsingStatement(ILogger logger)
                {
                    using (Source.StartActivity("request"))
                    {
                    }

                    Task.Run(() => logger.LogInformation("later"));
                }

                void BeforeStart(ILogger logger)
                {
                    Task.Run(() => logger.LogInformation("earlier"));
                    using var activity = Source.StartActivity("request");
                }

                void InNestedLambda(ILogger logger, List<int> items)
                {
                    using var activity = Source.StartActivity("request");
                    items.ForEach(i => Task.Run(() => logger.LogInformation("nested {I}", i)));
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_TaskObserved() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                async Task Awaited(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    await Task.Run(() => logger.LogInformation("awaited"));
                    var stored = Task.Run(() => logger.LogInformation("stored"));
                    var tasks = new List<Task> { Task.Run(() => logger.LogInformation("in list")) };
                    tasks.Add(Task.Run(() => logger.LogInformation("added")));
                    await Task.WhenAll(tasks);
                    await stored;
                }

                Task Returned(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    return Task.Run(() => logger.LogInformation("returned"));
                }

                void PassedOn(ILogger logger, TaskTracker tracker)
                {
                    using var activity = Source.StartActivity("request");
                    tracker.Track(Task.Run(() => logger.LogInformation("tracked")));
                    Console.WriteLine(Task.Run(() => logger.LogInformation("printed, not a Task helper")));
                }
            }

            class TaskTracker { public void Track(Task task) { } }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_OpaqueDelegate_Or_NoTracedWork() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");
                private readonly Action _field = () => { };
                int _count;

                void M(Action parameter)
                {
                    using var activity = Source.StartActivity("request");
                    Task.Run(parameter);
                    Task.Run(_field);
                    Task.Run(() => Interlocked.Increment(ref _count));
                    ThreadPool.QueueUserWorkItem(_ => Console.WriteLine("no trace"));
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_HelperExemption_And_IgnoredDiscards() =>
        Create()
            .WithOption("activityflow.ACTX004.fire_and_forget_helpers", "Acme.TaskExtensions.Forget")
            .WithOption("activityflow.ACTX004.ignore_discards", "true")
            .WithSource(Usings + """

            namespace Acme
            {
                public static class TaskExtensions { public static void Forget(this Task task) { } }
            }

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    Acme.TaskExtensions.Forget(Task.Run(() => logger.LogInformation("helper")));
                    _ = Task.Run(() => logger.LogInformation("discard"));
                    Task.[|Run|](() => logger.LogInformation("statement is still reported"));
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_WorkAlreadyStartsItsActivityFromCapturedContextOrLink() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    var parent = Activity.Current?.Context ?? default;
                    Task.Run(() =>
                    {
                        using var child = Source.StartActivity("work", ActivityKind.Internal, parent);
                        logger.LogInformation("child");
                    });
                    Task.Run(() =>
                    {
                        using var root = Source.StartActivity("work", ActivityKind.Internal, default(ActivityContext), links: new[] { new ActivityLink(parent) });
                        logger.LogInformation("linked");
                    });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_UnderSuppressedFlow_ThatIsActx002() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    using (ExecutionContext.SuppressFlow())
                    {
                        _ = Task.Run(() => logger.LogInformation("no parent to outlive"));
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_ConfiguredEntryPointAttribute_OnType_MarksItsPublicMethods() =>
        Create().WithOption("activityflow.entry_point_attributes", "Consumer").WithSource(Usings + """

            [AttributeUsage(AttributeTargets.Class)] sealed class ConsumerAttribute : Attribute { }

            [Consumer]
            class OrderConsumer
            {
                private readonly ILogger _logger;
                public OrderConsumer(ILogger logger) => _logger = logger;

                public void Handle(string order) => Task.[|Run|](() => _logger.LogInformation("order"));

                private void Helper() => Task.Run(() => _logger.LogInformation("not public"));
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_InsideExpressionTreeAndNameof() =>
        Create().WithSource(Usings + """
            using System.Linq.Expressions;

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    Expression<Func<Task>> e = () => Task.Run(() => logger.LogInformation("x"));
                    var name = nameof(Task.Run);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoCrash_HalfTypedCode() =>
        Create().AllowCompilerErrors().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ILogger logger)
                {
                    using var activity = Source.StartActivity(
                    Task.Run(() => logger.LogInformation("x")
                    Task.Factory.StartNew(
                    ThreadPool.QueueUserWorkItem(_ => );
                    _ = Undefined.Run(() => logger.LogInformation("y"));
                }

                void N() { Task.Run(() => Unknown()); var a = Source.StartActivity(; a. }
            }
            """).ValidateAsync();

    // ---- fixes ----

    [Fact]
    public Task Fix_Await_InAsyncMethod() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                async Task M(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    _ = Task.[|Run|](() => logger.LogInformation("later"));
                    Task.Factory.[|StartNew|](async () => { await Task.Delay(1); logger.LogInformation("async"); });
                }
            }
            """).ShouldFixCodeWith(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                async Task M(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    await Task.Run(() => logger.LogInformation("later"));
                    await Task.Factory.StartNew(async () => { await Task.Delay(1); logger.LogInformation("async"); }).Unwrap();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Fix_ExplicitParent_IsFirstInSyncMethod() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    Task.[|Run|](() => logger.LogInformation("later"));
                }
            }
            """).ShouldFixCodeWith(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    var parentContext = Activity.Current?.Context ?? default;
                    Task.Run(() =>
                    {
                        using var activity2 = Source.StartActivity("M background work", ActivityKind.Internal, parentContext);
                        logger.LogInformation("later");
                    });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Fix_LinkedRoot_MethodGroup() =>
        Create().WithSource(Usings + """

            class C
            {
                private static ActivitySource Telemetry { get; } = new("app");
                private readonly ILogger _logger;
                public C(ILogger logger) => _logger = logger;

                void M()
                {
                    using var activity = Telemetry.StartActivity("request");
                    ThreadPool.[|QueueUserWorkItem|](Work, null);
                }

                void Work(object? state) => _logger.LogInformation("work {State}", state);
            }
            """).ShouldFixCodeWith(1, Usings + """

            class C
            {
                private static ActivitySource Telemetry { get; } = new("app");
                private readonly ILogger _logger;
                public C(ILogger logger) => _logger = logger;

                void M()
                {
                    using var activity = Telemetry.StartActivity("request");
                    var parentContext = Activity.Current?.Context ?? default;
                    ThreadPool.QueueUserWorkItem(state =>
                    {
                        Activity.Current = null;
                        using var activity2 = Telemetry.StartActivity("Work", ActivityKind.Internal, default(ActivityContext), links: new[] { new ActivityLink(parentContext) });
                        Work(state);
                    }, null);
                }

                void Work(object? state) => _logger.LogInformation("work {State}", state);
            }
            """).ValidateAsync();

    [Fact]
    public Task FixAll_Await_Solution() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                async Task M(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    _ = Task.[|Run|](() => logger.LogInformation("one"));
                    Task.[|Run|](() => logger.LogInformation("two"));
                }
            }
            """).ShouldBatchFixCodeWith(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                async Task M(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    await Task.Run(() => logger.LogInformation("one"));
                    await Task.Run(() => logger.LogInformation("two"));
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task FixAll_Recommended_AwaitsInAsyncFunctions_ExplicitParentElsewhere() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void Sync(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    Task.[|Run|](() => logger.LogInformation("sync"));
                }

                async Task Async(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    _ = Task.[|Run|](() => logger.LogInformation("async"));
                }
            }
            """).ShouldBatchFixCodeWith(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void Sync(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    var parentContext = Activity.Current?.Context ?? default;
                    Task.Run(() =>
                    {
                        using var activity2 = Source.StartActivity("Sync background work", ActivityKind.Internal, parentContext);
                        logger.LogInformation("sync");
                    });
                }

                async Task Async(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    await Task.Run(() => logger.LogInformation("async"));
                }
            }
            """).ValidateAsync();

    // Fixed one at a time, the first call is fixed first and takes the plain names; Fix All numbers them
    // the other way round. Both are correct.
    [Fact]
    public Task FixAll_ExplicitParent_Solution_UniqueNames()
    {
        var test = Create().WithSource(Usings + """

                class C
                {
                    static readonly ActivitySource Source = new("app");

                    void M(ILogger logger)
                    {
                        using var activity = Source.StartActivity("request");
                        Task.[|Run|](() => logger.LogInformation("one"));
                        _ = Task.[|Run|](static () => Console.WriteLine(Activity.Current?.Id));
                    }
                }
                """);
        var fixedAll = Usings + """

                class C
                {
                    static readonly ActivitySource Source = new("app");

                    void M(ILogger logger)
                    {
                        using var activity = Source.StartActivity("request");
                        var parentContext2 = Activity.Current?.Context ?? default;
                        Task.Run(() =>
                        {
                            using var activity3 = Source.StartActivity("M background work", ActivityKind.Internal, parentContext2);
                            logger.LogInformation("one");
                        });
                        var parentContext = Activity.Current?.Context ?? default;
                        _ = Task.Run(() =>
                        {
                            using var activity2 = Source.StartActivity("M background work", ActivityKind.Internal, parentContext);
                            Console.WriteLine(Activity.Current?.Id);
                        });
                    }
                }
                """;
        return test
            .ShouldFixCodeWith(FixedCode.SwapNames(fixedAll, ("parentContext", "parentContext2"), ("activity2", "activity3")))
            .ShouldBatchFixCodeWith(fixedAll)
            .ValidateAsync();
    }

    [Fact]
    public async Task Fixes_Offered_DependOnAsyncAndActivitySources()
    {
        var titles = await CodeActions.TitlesAsync<ACTX004FireAndForgetOutlivesActivityAnalyzer, ACTX004FireAndForgetOutlivesActivityFix>(Usings + """
            using Confluent.Kafka;

            class OneSource
            {
                static readonly ActivitySource Source = new("app");

                async Task Async(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    _ = Task.Run(() => logger.LogInformation("a"));
                }

                void Sync(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    Task.Run(() => logger.LogInformation("b"));
                }

                void Produce(IProducer<string, string> producer)
                {
                    using var activity = Source.StartActivity("request");
                    _ = producer.ProduceAsync("topic", new Message<string, string> { Value = "v" });
                }

                async Task ProduceInAsync(IProducer<string, string> producer)
                {
                    using var activity = Source.StartActivity("request");
                    _ = producer.ProduceAsync("topic", new Message<string, string> { Value = "v" });
                    await Task.Yield();
                }
            }

            class TwoSources
            {
                static readonly ActivitySource First = new("one");
                static readonly ActivitySource Second = new("two");

                void Sync(ILogger logger)
                {
                    using var activity = First.StartActivity("request");
                    Task.Run(() => logger.LogInformation("c"));
                }
            }

            class NoSource
            {
                async Task Async(ILogger logger)
                {
                    var current = Activity.Current;
                    lock (this)
                    {
                        Task.Run(() => logger.LogInformation("d"));
                    }

                    await Task.Yield();
                }
            }
            """, ReferenceSet.Net10AspNetCore);

        Assert.Equal(
            [
                [ACTX004FireAndForgetOutlivesActivityFix.AwaitTitle, ACTX004FireAndForgetOutlivesActivityFix.ExplicitParentTitle, ACTX004FireAndForgetOutlivesActivityFix.LinkedRootTitle],
                [ACTX004FireAndForgetOutlivesActivityFix.ExplicitParentTitle, ACTX004FireAndForgetOutlivesActivityFix.LinkedRootTitle],
                [],
                [ACTX004FireAndForgetOutlivesActivityFix.AwaitTitle],
                [],
                [],
            ],
            titles);
    }

    [Fact]
    public Task Fix_Await_MinimalApiAsyncHandler_KafkaProduceAsync() =>
        Create().WithSource(AspNetUsings + """
            using Confluent.Kafka;

            static class Endpoints
            {
                public static void Map(WebApplication app, IProducer<string, string> producer, Func<string, Message<string, string>> tracedMessage)
                {
                    app.MapPost("/orders", async (string order) =>
                    {
                        producer.[|ProduceAsync|]("orders", tracedMessage(order));
                        await Task.Yield();
                        return Results.Accepted();
                    });
                }
            }
            """).ShouldFixCodeWith(AspNetUsings + """
            using Confluent.Kafka;

            static class Endpoints
            {
                public static void Map(WebApplication app, IProducer<string, string> producer, Func<string, Message<string, string>> tracedMessage)
                {
                    app.MapPost("/orders", async (string order) =>
                    {
                        await producer.ProduceAsync("orders", tracedMessage(order));
                        await Task.Yield();
                        return Results.Accepted();
                    });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_EveryKindOfLiveScopeEvidence_NotItsLookAlikes() =>
        Verify.Analyzer<ACTX004FireAndForgetOutlivesActivityAnalyzer>().WithReferences(ReferenceSet.Net10AspNetCore)
            .WithSource(LiveScopeSamples.Source(@"Task.[|Run|](() => Deps.Logger.LogInformation(""x""));"))
            .ValidateAsync();

    [Fact]
    public Task Report_LoopStartedInALiveScope_AndKeptInAField() =>
        Create().WithSource(Usings + """

            sealed class HealthChecks
            {
                private static readonly ActivitySource Source = new("app");
                private readonly ILogger _logger;
                private Task? _loop;

                public HealthChecks(ILogger logger) => _logger = logger;

                public void StartLocally(CancellationToken token)
                {
                    using var activity = Source.StartActivity("start node");
                    // The loop keeps "start node" as its parent for as long as it runs.
                    _loop = Task.[|Run|](() => CheckForever(token));
                }

                private async Task CheckForever(CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                        _logger.LogInformation("healthy");
                        await Task.Delay(1000, token);
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_OneOffWorkKeptInAField_OrALoopKeptInALocal() =>
        Create().WithSource(Usings + """

            sealed class Cache
            {
                private static readonly ActivitySource Source = new("app");
                private readonly ILogger _logger;
                private Task? _warmUp;

                public Cache(ILogger logger) => _logger = logger;

                public async Task LoadAsync(CancellationToken token)
                {
                    using var activity = Source.StartActivity("load");
                    _warmUp = Task.Run(() => _logger.LogInformation("warming"));
                    var loop = Task.Run(async () =>
                    {
                        while (!token.IsCancellationRequested)
                        {
                            _logger.LogInformation("polling");
                            await Task.Delay(1000, token);
                        }
                    });
                    await loop;
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_UnderAnActivityStartedOnlyWhenTracingIsOn() =>
        Create().WithSource(Usings + """

            sealed class Assignments
            {
                private static readonly ActivitySource Source = new("app");
                private readonly ILogger _logger;

                public Assignments(ILogger logger) => _logger = logger;

                public void Reassign(bool trace)
                {
                    using var activity = trace ? Source.StartActivity("assign") : null;
                    Task.[|Run|](() => _logger.LogInformation("reassigning"));
                }
            }
            """).ValidateAsync();
}
