using System.Threading.Tasks;
using ActivityFlow.Analyzers.Rules;
using ActivityFlow.Analyzers.Tests.Verification;
using ActivityFlow.CodeFixes;

namespace ActivityFlow.Analyzers.Tests.Rules;

public sealed class ACTX005TimerCapturesRequestActivityTests
{
    private const string Usings = """
        using System;
        using System.Diagnostics;
        using System.Threading;
        using Microsoft.Extensions.Logging;
        """;

    // ILogger, ASP.NET Core and OpenTelemetry types: the .NET 10 + ASP.NET Core reference set.
    private static Verify Create() =>
        Verify.Analyzer<ACTX005TimerCapturesRequestActivityAnalyzer>().WithCodeFix<ACTX005TimerCapturesRequestActivityFix>().WithReferences(ReferenceSet.Net10AspNetCore);

    // ---- reported ----

    [Fact]
    public Task Report_ThreadingTimer_UnderStartedActivity_And_WhenCallerReadsCurrent() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");
                private Timer? _timer;
                private readonly ILogger _logger;
                public C(ILogger logger) => _logger = logger;

                void Started()
                {
                    using var activity = Source.StartActivity("request");
                    _timer = new [|Timer|](_ => _logger.LogInformation("tick"), null, 0, 1000);
                }

                Timer ReadsCurrent()
                {
                    Activity.Current?.SetTag("polling", true);
                    return new [|System.Threading.Timer|](Tick, null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
                }

                void Tick(object? state) => Source.StartActivity("poll")?.Dispose();
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_TimersTimer_StartEnabledAndInitializer_InControllerAction() =>
        Create().WithSource(Usings + """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            public class PollController : ControllerBase
            {
                private readonly ILogger<PollController> _logger;
                private readonly System.Timers.Timer _timer = new(1000);
                public PollController(ILogger<PollController> logger) => _logger = logger;

                [HttpPost("start")]
                public IActionResult Start()
                {
                    _timer.Elapsed += (sender, e) => _logger.LogInformation("tick");
                    _timer.[|Start|]();
                    return Ok();
                }

                [HttpPost("enable")]
                public IActionResult Enable()
                {
                    var timer = new System.Timers.Timer(500);
                    timer.Elapsed += OnElapsed;
                    [|timer.Enabled = true|];
                    return Ok();
                }

                [HttpPost("initializer")]
                public IActionResult Initializer()
                {
                    var timer = new [|System.Timers.Timer|](500) { AutoReset = true, Enabled = true };
                    timer.Elapsed += OnElapsed;
                    return Ok();
                }

                private void OnElapsed(object? sender, System.Timers.ElapsedEventArgs e) => _logger.LogInformation("elapsed");
            }
            """).ValidateAsync();

    // ---- not reported ----

    [Fact]
    public Task NoReport_LookAlikes() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");
                private readonly ILogger _logger;
                private readonly System.Timers.Timer _elsewhere = new(1000);
                public C(ILogger logger) => _logger = logger;

                Timer NoLiveScope() => new Timer(_ => _logger.LogInformation("tick"), null, 0, 1000);

                void InLiveScope(TimerCallback opaque)
                {
                    using var activity = Source.StartActivity("request");
                    var untraced = new Timer(_ => Console.WriteLine("no trace"), null, 0, 1000);
                    var fromParameter = new Timer(opaque, null, 0, 1000);
                    _elsewhere.Start(); // no Elapsed handler subscribed in this body
                    using (ExecutionContext.SuppressFlow())
                    {
                        var suppressed = new Timer(_ => _logger.LogInformation("tick"), null, 0, 1000);
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

                void M(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    Expression<Func<Timer>> e = () => new Timer(_ => logger.LogInformation("tick"));
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoCrash_HalfTypedCode() =>
        Create().AllowCompilerErrors().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(ILogger logger, System.Timers.Timer timer)
                {
                    using var activity = Source.StartActivity("request");
                    var t = new Timer(_ => logger.LogInformation(
                    var u = new Timer(;
                    timer.Elapsed += ;
                    timer.Enabled = ;
                    timer.Start(
                    missing.Elapsed += (s, e) => logger.LogInformation("x");
                    missing.Start();
                }
            }
            """).ValidateAsync();

    // ---- fixes ----

    [Fact]
    public Task Fix_SuppressFlow_Assignment() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");
                private Timer? _timer;

                void M(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    _timer = new [|Timer|](_ => logger.LogInformation("tick"), null, 0, 1000);
                }
            }
            """).ShouldFixCodeWith(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");
                private Timer? _timer;

                void M(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    using (ExecutionContext.SuppressFlow())
                    {
                        _timer = new Timer(_ => logger.LogInformation("tick"), null, 0, 1000);
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task FixAll_LocalDeclaration_Return_And_TimersStart_Solution() =>
        Create().WithSource("""
            using System.Diagnostics;
            using Microsoft.Extensions.Logging;

            class C
            {
                static readonly ActivitySource Source = new("app");

                System.Threading.Timer M(ILogger logger, System.Timers.Timer polling)
                {
                    using var activity = Source.StartActivity("request");
                    var timer = new [|System.Threading.Timer|](_ => logger.LogInformation("tick"), null, 0, 1000);
                    polling.Elapsed += (sender, e) => logger.LogInformation("poll");
                    polling.[|Start|]();
                    timer.Change(0, 500);
                    return new [|System.Threading.Timer|](_ => logger.LogInformation("other"));
                }
            }
            """).ShouldBatchFixCodeWith("""
            using System.Diagnostics;
            using System.Threading;
            using Microsoft.Extensions.Logging;

            class C
            {
                static readonly ActivitySource Source = new("app");

                System.Threading.Timer M(ILogger logger, System.Timers.Timer polling)
                {
                    using var activity = Source.StartActivity("request");
                    Timer timer;
                    using (ExecutionContext.SuppressFlow())
                    {
                        timer = new System.Threading.Timer(_ => logger.LogInformation("tick"), null, 0, 1000);
                    }
                    polling.Elapsed += (sender, e) => logger.LogInformation("poll");
                    using (ExecutionContext.SuppressFlow())
                    {
                        polling.Start();
                    }
                    timer.Change(0, 500);
                    using (ExecutionContext.SuppressFlow())
                    {
                        return new System.Threading.Timer(_ => logger.LogInformation("other"));
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public async Task Fix_NotOffered_WhenCallbackReadsActivityCurrent()
    {
        // Under SuppressFlow the callback would read null (ACTX002): report, but offer no fix.
        var titles = await CodeActions.TitlesAsync<ACTX005TimerCapturesRequestActivityAnalyzer, ACTX005TimerCapturesRequestActivityFix>(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");
                private Timer? _timer;

                void M(ILogger logger)
                {
                    using var activity = Source.StartActivity("request");
                    _timer = new Timer(_ => logger.LogInformation("tick {Id}", Activity.Current?.Id), null, 0, 1000);
                    _timer = new Timer(_ => logger.LogInformation("tick"), null, 0, 1000);
                }
            }
            """, ReferenceSet.Net10AspNetCore);

        Assert.Equal([[], [ACTX005TimerCapturesRequestActivityFix.Title]], titles);
    }

    [Fact]
    public Task Report_EveryKindOfLiveScopeEvidence_NotItsLookAlikes() =>
        Verify.Analyzer<ACTX005TimerCapturesRequestActivityAnalyzer>().WithReferences(ReferenceSet.Net10AspNetCore)
            .WithSource(LiveScopeSamples.Source(@"Deps.Timer = new [|System.Threading.Timer|](_ => Deps.Logger.LogInformation(""x""));"))
            .ValidateAsync();

    [Fact]
    public Task Report_PeriodicTimerInAConstructor_CalledFromALiveScope() =>
        Create().WithSource(Usings + """

            sealed class KeepAlive
            {
                private readonly Timer _timer;

                public KeepAlive(ILogger logger) =>
                    _timer = new [|Timer|](_ => logger.LogInformation("keep-alive"), null, 1000, 1000);
            }

            sealed class Pool
            {
                private static readonly ActivitySource Source = new("db");

                public KeepAlive Open(ILogger logger)
                {
                    using var activity = Source.StartActivity("open connection");
                    return new KeepAlive(logger);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_OneShotTimer() =>
        Create().WithSource(Usings + """

            sealed class Call
            {
                private static readonly ActivitySource Source = new("rpc");
                private Timer? _deadline;

                public void Start(ILogger logger)
                {
                    using var activity = Source.StartActivity("call");
                    _deadline = new Timer(_ => logger.LogWarning("deadline exceeded"), null, 5000, Timeout.Infinite);
                }
            }
            """).ValidateAsync();
}
