using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// One instance of each catalogue rule's pattern, as it appears in service code. A pattern unit holds every pattern
/// whose rule the analyzer assembly has (rules merged later are planted once they exist), and each pattern must
/// produce exactly one diagnostic of its rule and none of any other.
/// </summary>
internal static class PlantedPatterns
{
    /// <param name="InController">true: the pattern needs a request entry point (a live Activity scope) around it.</param>
    private sealed record Pattern(string RuleId, string Member, bool InController = false);

    private static readonly Pattern[] Catalogue =
    {
        new("ACTX001", """
                public void Enqueue()
                {
                    using var activity = Telemetry.Source.StartActivity("enqueue");
                    ThreadPool.UnsafeQueueUserWorkItem(_ => _logger.LogInformation("working"), null);
                }
            """),
        new("ACTX002", """
                [HttpPost("warm")]
                public IActionResult Warm()
                {
                    using (ExecutionContext.SuppressFlow())
                    {
                        _ = Task.Run(() => _logger.LogInformation("warming cache"));
                    }

                    return Accepted();
                }
            """, InController: true),
        new("ACTX003", """
                [HttpPost("publish")]
                public IActionResult Publish(Order order)
                {
                    var message = new Message<string, string> { Key = order.Id, Value = order.Sku, Headers = new Headers() };
                    message.Headers.Add("traceparent", Encoding.ASCII.GetBytes(Activity.Current?.Id ?? string.Empty));
                    _producer.Produce("orders", message, report => _logger.LogInformation("delivered at {Offset}", report.Offset));
                    return Accepted();
                }
            """, InController: true),
        new("ACTX004", """
                [HttpPost("audit")]
                public IActionResult Audit(Order order)
                {
                    Task.Run(() => _logger.LogInformation("Auditing {Order}", order.Id));
                    return Accepted();
                }
            """, InController: true),
        new("ACTX005", """
                [HttpPost("poll")]
                public IActionResult StartPolling()
                {
                    _timer = new Timer(_ => _logger.LogInformation("Polling"), null, 0, 1000);
                    return Ok();
                }
            """, InController: true),
        new("ACTX006", """
                [HttpPost("report")]
                public async Task<IActionResult> Report()
                {
                    await _queue.QueueBackgroundWorkItemAsync(async ct =>
                    {
                        await Task.Delay(10, ct);
                        _logger.LogInformation("Report built");
                    });
                    return Accepted();
                }
            """, InController: true),
        new("ACTX101", """
                [HttpPost("send")]
                public async Task<IActionResult> Send(Order order)
                {
                    await _producer.ProduceAsync("orders", new Message<string, string> { Key = order.Id, Value = order.Sku });
                    return Accepted();
                }
            """, InController: true),
        new("ACTX102", """
                public void ConsumeLoop(CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                        var result = _consumer.Consume(token);
                        using var activity = Telemetry.Source.StartActivity("orders process", ActivityKind.Consumer);
                        _logger.LogInformation("Processing {Key}", result.Message.Key);
                    }
                }
            """),
        new("ACTX201", """
                public void Attach(Activity parent)
                {
                    Activity.Current = parent;
                    _logger.LogInformation("attached");
                }
            """),
        new("ACTX202", """
                public async Task Save(Order order, CancellationToken cancellationToken)
                {
                    var activity = Telemetry.Source.StartActivity("save");
                    await _store.SaveAsync(order, cancellationToken);
                    activity?.Stop();
                }
            """),
        new("ACTX203", """
                public void Reparent(string parentId)
                {
                    using var activity = Telemetry.Source.StartActivity("reparent");
                    activity?.SetParentId(parentId);
                }
            """),
        new("ACTX301", """
                public static TracerProvider? Tracing() =>
                    Sdk.CreateTracerProviderBuilder()
                        .AddSource("Shop")
                        .SetSampler(new TraceIdRatioBasedSampler(0.1))
                        .Build();
            """),
    };

    /// <summary>The rules a pattern unit plants, given the ids the analyzers support.</summary>
    public static ImmutableArray<string> PlantedRules(ISet<string> supportedIds) =>
        Catalogue.Where(p => supportedIds.Contains(p.RuleId)).Select(p => p.RuleId).ToImmutableArray();

    /// <summary>A controller (request entry points) and a worker class holding one instance of every planted pattern.</summary>
    public static string Unit(int i, ISet<string> supportedIds)
    {
        var planted = Catalogue.Where(p => supportedIds.Contains(p.RuleId)).ToArray();
        var text = new StringBuilder();
        text.Append($$"""
            [ApiController]
            [Route("api/legacy{{i}}")]
            public sealed class LegacyOrdersController{{i}} : ControllerBase
            {
                private readonly ILogger<LegacyOrdersController{{i}}> _logger;
                private readonly IProducer<string, string> _producer;
                private readonly IBackgroundTaskQueue _queue;
                private Timer? _timer;

                public LegacyOrdersController{{i}}(ILogger<LegacyOrdersController{{i}}> logger, IProducer<string, string> producer, IBackgroundTaskQueue queue)
                {
                    _logger = logger;
                    _producer = producer;
                    _queue = queue;
                }

                [NonAction]
                public void StopPolling() => _timer?.Dispose();

            """);
        AppendMembers(text, planted.Where(p => p.InController));
        text.Append($$"""
            }

            public sealed class LegacyWorker{{i}}
            {
                private readonly ILogger<LegacyWorker{{i}}> _logger;
                private readonly IProducer<string, string> _producer;
                private readonly IConsumer<string, string> _consumer;
                private readonly IOrderStore _store;

                public LegacyWorker{{i}}(ILogger<LegacyWorker{{i}}> logger, IProducer<string, string> producer, IConsumer<string, string> consumer, IOrderStore store)
                {
                    _logger = logger;
                    _producer = producer;
                    _consumer = consumer;
                    _store = store;
                }

            """);
        AppendMembers(text, planted.Where(p => !p.InController));
        text.Append("}\n\n");
        return text.ToString();
    }

    private static void AppendMembers(StringBuilder text, IEnumerable<Pattern> patterns)
    {
        foreach (var pattern in patterns)
        {
            text.Append('\n').Append(pattern.Member).Append('\n');
        }
    }
}
