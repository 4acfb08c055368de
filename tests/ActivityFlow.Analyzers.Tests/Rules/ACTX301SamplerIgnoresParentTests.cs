using System.Threading.Tasks;
using ActivityFlow.Analyzers.Rules;
using ActivityFlow.Analyzers.Tests.Verification;
using ActivityFlow.CodeFixes;

namespace ActivityFlow.Analyzers.Tests.Rules;

public sealed class ACTX301SamplerIgnoresParentTests
{
    private static Verify Create() =>
        Verify.Analyzer<ACTX301SamplerIgnoresParentAnalyzer>().WithCodeFix<ACTX301SamplerIgnoresParentFix>().WithReferences(ReferenceSet.Net10AspNetCore);

    private const string Usings = """
        using System;
        using OpenTelemetry;
        using OpenTelemetry.Trace;
        """;

    [Fact]
    public Task Report_RatioAndAlwaysOnInstances() =>
        Create().WithSource(Usings + """

            class C
            {
                TracerProvider Ratio() => Sdk.CreateTracerProviderBuilder()
                    .AddSource("app")
                    .SetSampler([|new TraceIdRatioBasedSampler(0.1)|])
                    .Build();

                void AlwaysOn(TracerProviderBuilder builder) => builder.SetSampler([|new AlwaysOnSampler()|]);
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_ThroughLocal_FactoryLambda_AndTypeArgument() =>
        Create().WithSource(Usings + """

            class C
            {
                void Local(TracerProviderBuilder builder)
                {
                    var sampler = new TraceIdRatioBasedSampler(0.25);
                    builder.SetSampler([|sampler|]);
                }

                void Factory(TracerProviderBuilder builder) => builder.SetSampler(services => [|new AlwaysOnSampler()|]);

                void Generic(TracerProviderBuilder builder) => builder.[|SetSampler<AlwaysOnSampler>|]();

                // Reported, but not fixable: the sampler comes from dependency injection.
                void FromContainer(TracerProviderBuilder builder) => builder.[|SetSampler<TraceIdRatioBasedSampler>|]();
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_UserListedSampler() =>
        Create().WithOption("activityflow.ACTX301.non_parent_based_samplers", "Acme.Sampling.HashSampler").WithSource(Usings + """

            namespace Acme.Sampling
            {
                sealed class HashSampler : Sampler
                {
                    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) => new(SamplingDecision.RecordAndSample);
                }

                class C
                {
                    void M(TracerProviderBuilder builder) => builder.SetSampler([|new HashSampler()|]);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_ParentBasedAlwaysOffUnlistedAndOpaque() =>
        Create().WithSource(Usings + """

            sealed class OwnSampler : Sampler
            {
                public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) => new(SamplingDecision.Drop);
            }

            class C
            {
                void M(TracerProviderBuilder builder, Sampler configured, bool flag)
                {
                    builder.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(0.1)));
                    builder.SetSampler(new ParentBasedSampler(new AlwaysOnSampler(), remoteParentSampled: new AlwaysOnSampler()));
                    builder.SetSampler(new AlwaysOffSampler());
                    builder.SetSampler(new OwnSampler());
                    builder.SetSampler(configured);
                    builder.SetSampler(flag ? new AlwaysOnSampler() : new AlwaysOffSampler());
                    builder.SetSampler<ParentBasedSampler>();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_LookAlikeSetSamplerAndUnprovenLocals() =>
        Create().WithSource(Usings + """

            namespace Acme
            {
                class Builder { public Builder SetSampler(Sampler sampler) => this; }

                class C
                {
                    private readonly Sampler _field = new AlwaysOnSampler();

                    void M(Builder own, TracerProviderBuilder builder, bool flag)
                    {
                        own.SetSampler(new TraceIdRatioBasedSampler(0.1));
                        builder.SetSampler(_field);

                        Sampler reassigned = new AlwaysOnSampler();
                        if (flag)
                        {
                            reassigned = new ParentBasedSampler(new AlwaysOnSampler());
                        }

                        builder.SetSampler(reassigned);
                        builder.SetSampler(_ => flag ? new AlwaysOnSampler() : new AlwaysOffSampler());
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Fix_WrapsTheInstance() =>
        Create().WithSource(Usings + """

            class C
            {
                TracerProvider Build() => Sdk.CreateTracerProviderBuilder()
                    .SetSampler([|new TraceIdRatioBasedSampler(0.1)|])
                    .Build();
            }
            """).ShouldFixCodeWith(Usings + """

            class C
            {
                TracerProvider Build() => Sdk.CreateTracerProviderBuilder()
                    .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(0.1)))
                    .Build();
            }
            """).ValidateAsync();

    [Fact]
    public Task BatchFix_LocalFactoryAndTypeArgument_AddsTheUsing() =>
        Create().WithSource("""
            class C
            {
                void Local(OpenTelemetry.Trace.TracerProviderBuilder builder)
                {
                    var sampler = new OpenTelemetry.Trace.TraceIdRatioBasedSampler(0.25);
                    OpenTelemetry.Trace.TracerProviderBuilderExtensions.SetSampler(builder, [|sampler|]);
                }
            }
            """).WithSource(Usings + """

            class D
            {
                void Factory(TracerProviderBuilder builder) => builder.SetSampler(services => [|new AlwaysOnSampler()|]);

                void Generic(TracerProviderBuilder builder) => builder.[|SetSampler<AlwaysOnSampler>|]();
            }
            """).ShouldBatchFixCodeWith("""
            using OpenTelemetry.Trace;

            class C
            {
                void Local(OpenTelemetry.Trace.TracerProviderBuilder builder)
                {
                    var sampler = new OpenTelemetry.Trace.TraceIdRatioBasedSampler(0.25);
                    OpenTelemetry.Trace.TracerProviderBuilderExtensions.SetSampler(builder, new ParentBasedSampler(sampler));
                }
            }
            """, Usings + """

            class D
            {
                void Factory(TracerProviderBuilder builder) => builder.SetSampler(services => new ParentBasedSampler(new AlwaysOnSampler()));

                void Generic(TracerProviderBuilder builder) => builder.SetSampler(new ParentBasedSampler(new AlwaysOnSampler()));
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_ConsoleApplication_EverySpanIsALocalRoot() =>
        Create().WithReferences(ReferenceSet.Net10Console).WithSource(Usings + """

            static class Program
            {
                // No request or message brings a parent in: AlwaysOn and ParentBased(AlwaysOn) decide alike.
                static void Main()
                {
                    using var tracerProvider = Sdk.CreateTracerProviderBuilder()
                        .AddSource("demo")
                        .SetSampler(new AlwaysOnSampler())
                        .Build();
                }
            }
            """).ValidateAsync();
}
