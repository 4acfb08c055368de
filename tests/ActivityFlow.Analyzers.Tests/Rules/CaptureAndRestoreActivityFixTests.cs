using System.Threading.Tasks;
using ActivityFlow.Analyzers.Rules;
using ActivityFlow.Analyzers.Tests.Verification;
using ActivityFlow.CodeFixes;

namespace ActivityFlow.Analyzers.Tests.Rules;

/// <summary>
/// Shapes of the shared capture-and-restore rewrite, exercised through ACTX001. The methods that hand work off are made
/// request entry points through the option, so the sources show only the shape under test.
/// </summary>
public sealed class CaptureAndRestoreActivityFixTests
{
    private static Verify Create() =>
        Verify.Analyzer<ACTX001UnsafeDispatchLosesActivityAnalyzer>().WithCodeFix<ACTX001UnsafeDispatchLosesActivityFix>()
            .WithOption("activityflow.entry_point_methods", "C.M, A.M, B.M, Program.<Main>$");

    [Fact]
    public Task Fix_StaticLambda_LosesStatic_AndNamesDoNotCollide() =>
        Create().WithSource("""
            using System.Diagnostics;
            using System.Threading;

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M()
                {
                    var capturedActivity = 1;
                    ThreadPool.[|UnsafeQueueUserWorkItem|](static previousActivity => Source.StartActivity("work")?.Dispose(), null);
                }
            }
            """).ShouldFixCodeWith("""
            using System.Diagnostics;
            using System.Threading;

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M()
                {
                    var capturedActivity = 1;
                    var capturedActivity2 = Activity.Current;
                    ThreadPool.UnsafeQueueUserWorkItem(previousActivity =>
                    {
                        var previousActivity2 = Activity.Current;
                        Activity.Current = capturedActivity2;
                        try
                        {
                            Source.StartActivity("work")?.Dispose();
                        }
                        finally
                        {
                            Activity.Current = previousActivity2;
                        }
                    }, null);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Fix_AddsUsingOnlyWhenMissing_AndWrapsEmbeddedStatement() =>
        Create().WithSource("""
            using System.Threading;

            class C
            {
                static readonly System.Diagnostics.ActivitySource Source = new("app");

                void M(bool enabled)
                {
                    if (enabled)
                        ThreadPool.[|UnsafeQueueUserWorkItem|](_ => Source.StartActivity("work")?.Dispose(), null);
                }
            }
            """).ShouldFixCodeWith("""
            using System.Diagnostics;
            using System.Threading;

            class C
            {
                static readonly System.Diagnostics.ActivitySource Source = new("app");

                void M(bool enabled)
                {
                    if (enabled)
                    {
                        var capturedActivity = Activity.Current;
                        ThreadPool.UnsafeQueueUserWorkItem(_ =>
                        {
                            var previousActivity = Activity.Current;
                            Activity.Current = capturedActivity;
                            try
                            {
                                Source.StartActivity("work")?.Dispose();
                            }
                            finally
                            {
                                Activity.Current = previousActivity;
                            }
                        }, null);
                    }
                }
            }
            """).ValidateAsync();

    // Fixed one at a time, the first call is fixed first and takes the plain names; Fix All numbers them
    // the other way round. Both are correct.
    [Fact]
    public Task Fix_ValueReturningWaitOrTimerCallback_AndTwoCallsInOneMethod()
    {
        var test = Create().WithSource("""
                using System.Diagnostics;
                using System.Threading;

                class C
                {
                    static readonly ActivitySource Source = new("app");

                    void M(CancellationToken token)
                    {
                        token.[|UnsafeRegister|](_ => Source.StartActivity("a")?.Dispose(), null);
                        token.[|UnsafeRegister|](_ => Source.StartActivity("b")?.Dispose(), null);
                    }
                }
                """);
        var fixedAll = """
                using System.Diagnostics;
                using System.Threading;

                class C
                {
                    static readonly ActivitySource Source = new("app");

                    void M(CancellationToken token)
                    {
                        var capturedActivity2 = Activity.Current;
                        token.UnsafeRegister(_ =>
                        {
                            var previousActivity2 = Activity.Current;
                            Activity.Current = capturedActivity2;
                            try
                            {
                                Source.StartActivity("a")?.Dispose();
                            }
                            finally
                            {
                                Activity.Current = previousActivity2;
                            }
                        }, null);
                        var capturedActivity = Activity.Current;
                        token.UnsafeRegister(_ =>
                        {
                            var previousActivity = Activity.Current;
                            Activity.Current = capturedActivity;
                            try
                            {
                                Source.StartActivity("b")?.Dispose();
                            }
                            finally
                            {
                                Activity.Current = previousActivity;
                            }
                        }, null);
                    }
                }
                """;
        return test
            .ShouldFixCodeWith(FixedCode.SwapNames(fixedAll, ("capturedActivity", "capturedActivity2"), ("previousActivity", "previousActivity2")))
            .ShouldBatchFixCodeWith(fixedAll)
            .ValidateAsync();
    }

    [Fact]
    public Task FixAll_SolutionScope_FixesEveryDocument() =>
        Create()
            .WithSource("""
                using System.Diagnostics;
                using System.Threading;

                static class A
                {
                    static readonly ActivitySource Source = new("a");
                    public static void M() => ThreadPool.[|UnsafeQueueUserWorkItem|](_ => Source.StartActivity("a")?.Dispose(), null);
                }
                """)
            .WithSource("""
                using System.Diagnostics;
                using System.Threading;

                static class B
                {
                    static readonly ActivitySource Source = new("b");

                    public static void M()
                    {
                        new Thread(() => Source.StartActivity("b")?.Dispose()).[|UnsafeStart|]();
                    }
                }
                """)
            .ShouldBatchFixCodeWith(
                """
                using System.Diagnostics;
                using System.Threading;

                static class A
                {
                    static readonly ActivitySource Source = new("a");
                    public static void M()
                    {
                        var capturedActivity = Activity.Current;
                        ThreadPool.UnsafeQueueUserWorkItem(_ =>
                        {
                            var previousActivity = Activity.Current;
                            Activity.Current = capturedActivity;
                            try
                            {
                                Source.StartActivity("a")?.Dispose();
                            }
                            finally
                            {
                                Activity.Current = previousActivity;
                            }
                        }, null);
                    }
                }
                """,
                """
                using System.Diagnostics;
                using System.Threading;

                static class B
                {
                    static readonly ActivitySource Source = new("b");

                    public static void M()
                    {
                        var capturedActivity = Activity.Current;
                        new Thread(() =>
                        {
                            var previousActivity = Activity.Current;
                            Activity.Current = capturedActivity;
                            try
                            {
                                Source.StartActivity("b")?.Dispose();
                            }
                            finally
                            {
                                Activity.Current = previousActivity;
                            }
                        }).UnsafeStart();
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Fix_TopLevelStatements() =>
        Create().AsExecutable()
            .WithSource("""
                using System.Diagnostics;
                using System.Threading;

                var source = new ActivitySource("app");
                ThreadPool.[|UnsafeQueueUserWorkItem|](_ => source.StartActivity("work")?.Dispose(), null);
                """)
            .ShouldFixCodeWith("""
                using System.Diagnostics;
                using System.Threading;

                var source = new ActivitySource("app");
                var capturedActivity = Activity.Current;
                ThreadPool.UnsafeQueueUserWorkItem(_ =>
                {
                    var previousActivity = Activity.Current;
                    Activity.Current = capturedActivity;
                    try
                    {
                        source.StartActivity("work")?.Dispose();
                    }
                    finally
                    {
                        Activity.Current = previousActivity;
                    }
                }, null);
                """)
            .ValidateAsync();
}
