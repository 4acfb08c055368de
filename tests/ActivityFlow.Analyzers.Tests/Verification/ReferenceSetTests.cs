using System.Threading.Tasks;
using ActivityFlow.Analyzers.Rules;

namespace ActivityFlow.Analyzers.Tests.Verification;

/// <summary>Both reference sets compile code that uses every library the rules know about.</summary>
public sealed class ReferenceSetTests
{
    [Fact]
    public Task Net10AspNetCore_CompilesAspNetCoreOpenTelemetryAndKafka() =>
        Verify.Analyzer<ACTX001UnsafeDispatchLosesActivityAnalyzer>()
            .WithReferences(ReferenceSet.Net10AspNetCore)
            .WithSource("""
                using Confluent.Kafka;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.Logging;
                using OpenTelemetry;
                using OpenTelemetry.Context.Propagation;
                using OpenTelemetry.Trace;

                static class Startup
                {
                    static void Configure(WebApplication app, IProducer<string, string> producer, ILogger logger)
                    {
                        app.MapGet("/", () => "ok");
                        var provider = Sdk.CreateTracerProviderBuilder().SetSampler(new ParentBasedSampler(new AlwaysOnSampler())).Build();
                        var propagator = Propagators.DefaultTextMapPropagator;
                        logger.LogInformation("{Provider} {Propagator} {Producer}", provider, propagator, producer);
                    }
                }
                """).ValidateAsync();

    [Fact]
    public Task Net80_CompilesLoggingAndKafka() =>
        Verify.Analyzer<ACTX001UnsafeDispatchLosesActivityAnalyzer>()
            .WithSource("""
                using Confluent.Kafka;
                using Microsoft.Extensions.Logging;

                static class Startup
                {
                    static void Configure(IProducer<string, string> producer, ILogger logger) =>
                        logger.LogInformation("{Producer}", producer);
                }
                """).ValidateAsync();
}
