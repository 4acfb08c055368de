using System.Threading.Tasks;
using ActivityFlow.Analyzers.Rules;
using ActivityFlow.Analyzers.Tests.Verification;
using ActivityFlow.CodeFixes;

namespace ActivityFlow.Analyzers.Tests.Rules;

public sealed class ACTX003ForeignThreadCallbackLosesActivityTests
{
    private const string Usings = """
        using System;
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Confluent.Kafka;
        using Microsoft.Extensions.Logging;
        """;

    private static Verify Create() =>
        Verify.Analyzer<ACTX003ForeignThreadCallbackLosesActivityAnalyzer>().WithCodeFix<ACTX003ForeignThreadCallbackLosesActivityFix>();

    [Fact]
    public Task Report_ProduceDeliveryHandler_BothOverloads() =>
        Create().WithSource(Usings + """

            class C
            {
                static readonly ActivitySource Source = new("app");

                void M(IProducer<string, string> producer, ILogger logger)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    var message = new Message<string, string> { Key = "k", Value = "v" };
                    producer.[|Produce|]("orders", message, report => logger.LogInformation("delivered {Offset}", report.Offset));
                    producer.[|Produce|](new TopicPartition("orders", new Partition(0)), message, report =>
                    {
                        using var activity = Source.StartActivity("delivered");
                    });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_BuilderHandlers_ConfiguredAtStartUp() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(ILogger logger)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    using var producer = new ProducerBuilder<string, string>(new ProducerConfig())
                        .SetErrorHandler((_, error) => logger.LogError("kafka error {Reason}", error.Reason))
                        .SetLogHandler((_, log) => logger.LogDebug("{Message}", log.Message))
                        .Build();
                    using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig())
                        .SetPartitionsAssignedHandler((_, partitions) => logger.LogInformation("assigned {Count}", partitions.Count))
                        .Build();
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_ConfiguredCallbackApi_ByParameterName() =>
        Create()
            .WithOption("activityflow.ACTX003.foreign_thread_callbacks", "Acme.NativeQueue.Subscribe(onMessage)")
            .WithSource(Usings + """

            namespace Acme { public static class NativeQueue { public static void Subscribe(Action<string> onMessage, Action<string> onIdle) { } } }

            class C
            {
                void M(ILogger logger)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    Acme.NativeQueue.[|Subscribe|](m => logger.LogInformation("{M}", m), m => logger.LogInformation("idle {M}", m));
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_CallbacksWithoutTracedWork_OpaqueOrMissing() =>
        Create().WithSource(Usings + """

            class C
            {
                int _delivered;

                void M(IProducer<string, string> producer, Action<DeliveryReport<string, string>> handler)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    var message = new Message<string, string> { Key = "k", Value = "v" };
                    producer.Produce("orders", message, _ => _delivered++);
                    producer.Produce("orders", message, handler);
                    producer.Produce("orders", message);
                    producer.Produce("orders", message, null);
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_ProduceWithNoLiveScope() =>
        Create().WithSource(Usings + """

            class Seeder
            {
                // A console tool seeding a topic: no Activity anywhere, so the handler has no trace to lose.
                public static void Seed(IProducer<string, string> producer, ILogger logger)
                {
                    for (var i = 0; i < 10; i++)
                    {
                        producer.Produce("orders", new Message<string, string> { Value = i.ToString() }, report => logger.LogInformation("seeded {Offset}", report.Offset));
                    }
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_UnlistedLibraryCallback() =>
        Create().WithSource(Usings + """

            namespace Acme { public static class NativeQueue { public static void Subscribe(Action<string> onMessage) { } } }

            class C
            {
                void M(ILogger logger)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    Acme.NativeQueue.Subscribe(m => logger.LogInformation("{M}", m));
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Fix_MethodGroupDeliveryHandler_BecomesLambda() =>
        Create().WithSource(Usings + """

            class C
            {
                private readonly ILogger _logger;
                public C(ILogger logger) => _logger = logger;

                void M(IProducer<string, string> producer, Message<string, string> message)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    producer.[|Produce|]("orders", message, OnDelivered);
                }

                void OnDelivered(DeliveryReport<string, string> report) => _logger.LogInformation("delivered {Offset}", report.Offset);
            }
            """).ShouldFixCodeWith(Usings + """

            class C
            {
                private readonly ILogger _logger;
                public C(ILogger logger) => _logger = logger;

                void M(IProducer<string, string> producer, Message<string, string> message)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    var capturedActivity = Activity.Current;
                    producer.Produce("orders", message, report =>
                    {
                        var previousActivity = Activity.Current;
                        Activity.Current = capturedActivity;
                        try
                        {
                            OnDelivered(report);
                        }
                        finally
                        {
                            Activity.Current = previousActivity;
                        }
                    });
                }

                void OnDelivered(DeliveryReport<string, string> report) => _logger.LogInformation("delivered {Offset}", report.Offset);
            }
            """).ValidateAsync();

    [Fact]
    public Task Fix_UsesActivityScope_WhenTheRuntimePackageIsReferenced() =>
        Create().WithSource(Usings + """

            class C
            {
                void M(IProducer<string, string> producer, Message<string, string> message, ILogger logger)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    producer.[|Produce|]("orders", message, report => logger.LogInformation("{Offset}", report.Offset));
                }
            }
            """).WithReferences(ReferenceSet.Net10WithRuntime).ShouldFixCodeWith("""
            using System;
            using System.Diagnostics;
            using System.Threading.Tasks;
            using ActivityFlow;
            using Confluent.Kafka;
            using Microsoft.Extensions.Logging;
            class C
            {
                void M(IProducer<string, string> producer, Message<string, string> message, ILogger logger)
                {
                    Activity.Current?.AddEvent(new ActivityEvent("live"));
                    var capturedActivity = Activity.Current;
                    producer.Produce("orders", message, report =>
                    {
                        using (ActivityScope.Enter(capturedActivity))
                        {
                            logger.LogInformation("{Offset}", report.Offset);
                        }
                    });
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task Report_DeliveryHandlerPassedThroughAProducerWrapper() =>
        Create().WithSource(Usings + """

            sealed class DependentProducer<TKey, TValue>
            {
                private readonly IProducer<TKey, TValue> _producer;
                public DependentProducer(IProducer<TKey, TValue> producer) => _producer = producer;

                public void Produce(string topic, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null) =>
                    _producer.Produce(topic, message, deliveryHandler);
            }

            class OrdersHandler
            {
                private static readonly ActivitySource Source = new("app");

                void Handle(DependentProducer<string, string> producer, Message<string, string> message, ILogger logger)
                {
                    using var activity = Source.StartActivity("handle order");
                    producer.[|Produce|]("orders", message, report => logger.LogInformation("delivered {Offset}", report.Offset));
                }
            }
            """).ValidateAsync();

    [Fact]
    public Task NoReport_HandlerUsesTheCallersActivityOrContextExplicitly() =>
        Create().WithSource(Usings + """

            class Publisher
            {
                private static readonly ActivitySource Source = new("app");

                void Publish(IProducer<string, string> producer, Message<string, string> message, ILogger logger)
                {
                    var activity = Source.StartActivity("publish");
                    var publishContext = Activity.Current?.Context;
                    producer.Produce("orders", message, report =>
                    {
                        activity?.SetTag("messaging.kafka.offset", report.Offset.Value);
                        activity?.Stop();
                    });
                    producer.Produce("orders", message, report => Confirm(report.Status, publishContext, logger));
                }

                static void Confirm(PersistenceStatus status, ActivityContext? publishContext, ILogger logger) =>
                    logger.LogInformation("confirmed {Status} for {TraceId}", status, publishContext?.TraceId);
            }
            """).ValidateAsync();
}
