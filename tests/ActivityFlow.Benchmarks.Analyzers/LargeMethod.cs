using System.Text;

namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>
/// One controller action of N lines: the same clean steps repeated (activities started and stopped in finally, messages
/// produced with a traceparent header, Activity.Current swapped and restored, work handed off that does nothing traced,
/// timers created under SuppressFlow). Every step asks the questions a rule asks of its whole method body, so an
/// analysis that searches the body once per call site costs the square of the method's size here.
/// </summary>
internal static class LargeMethod
{
    private const string Step = """
                {
                    var activity{0} = Telemetry.Source.StartActivity("step{0}");
                    try
                    {
                        var message{0} = new Message<string, string> { Key = order.Id, Value = order.Sku, Headers = new Headers() };
                        message{0}.Headers.Add("traceparent", Encoding.ASCII.GetBytes(activity{0}?.Id ?? string.Empty));
                        _producer.Produce("orders", message{0});
                        var previous{0} = Activity.Current;
                        Activity.Current = activity{0};
                        try
                        {
                            total += PriceCalculator.Total(order);
                        }
                        finally
                        {
                            Activity.Current = previous{0};
                        }

                        _ = Task.Run(() => PriceCalculator.Total(order));
                        using (ExecutionContext.SuppressFlow())
                        {
                            _timers.Add(new Timer(_ => _logger.LogInformation("tick"), null, 1000, 1000));
                        }
                    }
                    finally
                    {
                        activity{0}?.Stop();
                    }
                }

        """;

    /// <summary>A compilable file whose one method has at least <paramref name="lines"/> lines.</summary>
    public static string Source(int lines)
    {
        var text = new StringBuilder(CleanCode.Usings).Append("""
            namespace Shop.Big;

            [ApiController]
            [Route("orders")]
            public sealed class BulkController : ControllerBase
            {
                private readonly IProducer<string, string> _producer;
                private readonly ILogger<BulkController> _logger;
                private readonly List<Timer> _timers = new();

                public BulkController(IProducer<string, string> producer, ILogger<BulkController> logger)
                {
                    _producer = producer;
                    _logger = logger;
                }

                [HttpPost("bulk")]
                public IActionResult Bulk(Order order)
                {
                    var total = 0m;

            """);
        var stepLines = Step.Split('\n').Length - 1;
        for (int i = 0; i * stepLines < lines; i++)
        {
            text.Append(Step.Replace("{0}", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return text.Append("""
                    return Ok(total);
                }
            }

            """).ToString();
    }
}
