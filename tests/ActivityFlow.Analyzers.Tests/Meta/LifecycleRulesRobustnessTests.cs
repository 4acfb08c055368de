using System.Threading.Tasks;
using ActivityFlow.Analyzers.Rules;
using ActivityFlow.Analyzers.Tests.Verification;

namespace ActivityFlow.Analyzers.Tests.Meta;

/// <summary>Half-typed and broken code: the ACTX102/201/202/203/301 analyzers must not throw, and must not guess.</summary>
public sealed class LifecycleRulesRobustnessTests
{
    private const string Broken = """
        using System;
        using System.Diagnostics;
        using System.Threading;
        using Confluent.Kafka;
        using OpenTelemetry;
        using OpenTelemetry.Trace;

        class C
        {
            static readonly ActivitySource Source = new("app");

            void Partial(IConsumer<string, string> consumer, Unknown unknown, TracerProviderBuilder builder)
            {
                var {|ACTX202:a|} = Source.StartActivity(;
                var b = Source.StartActivity("b").
                var c = new Activity();
                c.Start(
                c.SetParentId(
                Activity.Current = ;
                Activity.Current = unknown;
                var result = consumer.Consume(
                using var d = Source.StartActivity(unknown, ActivityKind.Consumer);
                d?.SetParentId(unknown.Id);
                var e = unknown.StartActivity("e");
                e.Stop();
                builder.SetSampler(new TraceIdRatioBasedSampler());
                builder.SetSampler(new Missing());
                builder.SetSampler<>();
                builder.SetSampler(_ => );
                Source.{|ACTX102:StartActivity|}("x")?.
            }

            void NoBody(
        }
        """;

    /// <summary>
    /// Statements that only lack their closing tokens still bind (<c>StartActivity(</c> is <c>StartActivity()</c>), so the
    /// two reports below are real; everything that does not bind is left alone, and nothing throws.
    /// </summary>
    [Fact]
    public Task AllLifecycleRules_DoNotThrowOrGuess() =>
        Verify.Analyzer<ACTX202StartedActivityNeverStoppedAnalyzer>()
            .WithAnalyzer<ACTX201CurrentActivityNotRestoredAnalyzer>()
            .WithAnalyzer<ACTX203ParentSetAfterStartAnalyzer>()
            .WithAnalyzer<ACTX301SamplerIgnoresParentAnalyzer>()
            .WithAnalyzer<ACTX102ConsumedMessageLosesTraceContextAnalyzer>()
            .WithReferences(ReferenceSet.Net10AspNetCore)
            .AllowCompilerErrors()
            .WithSource(Broken)
            .ValidateAsync();
}
