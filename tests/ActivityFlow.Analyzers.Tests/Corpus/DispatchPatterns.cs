// Robustness corpus: realistic code with the dispatch patterns of ACTX001-ACTX003 (and look-alikes).
// The robustness test analyses it truncated after every line, so every half-typed prefix is covered.
using System;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Shop.Orders;

public sealed class OrderWorker : IThreadPoolWorkItem
{
    private static readonly ActivitySource Source = new("Shop.Orders");
    private readonly ILogger<OrderWorker> _logger;
    private readonly HttpClient _http;
    private readonly IProducer<string, string> _producer;

    public OrderWorker(ILogger<OrderWorker> logger, HttpClient http, IProducer<string, string> producer)
    {
        _logger = logger;
        _http = http;
        _producer = producer;
    }

    public void Execute() => _logger.LogInformation("executing {Id}", Environment.CurrentManagedThreadId);

    public void Dispatch(CancellationToken token, WaitHandle handle)
    {
        using var activity = Source.StartActivity("dispatch");
        ThreadPool.UnsafeQueueUserWorkItem(_ => _logger.LogInformation("unsafe"), null);
        ThreadPool.UnsafeQueueUserWorkItem(state => Notify(state), "x", preferLocal: false);
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        ThreadPool.UnsafeRegisterWaitForSingleObject(handle, (s, timedOut) => Notify(s), null, 100, true);
        token.UnsafeRegister(_ => Source.StartActivity("cancel")?.Dispose(), null);
        var thread = new Thread(() => _http.GetAsync("http://localhost/").Wait());
        thread.UnsafeStart();

        using (ExecutionContext.SuppressFlow())
        {
            Task.Run(() => _logger.LogInformation("suppressed"));
            Task.Factory.StartNew(Notify, "state");
            var timer = new Timer(_ => Activity.Current?.AddTag("tick", 1), null, 0, 1000);
        }

        var control = ExecutionContext.SuppressFlow();
        ThreadPool.QueueUserWorkItem(_ => Notify(null));
        control.Undo();
    }

    public void Publish(string orderId)
    {
        _producer.Produce("orders", new Message<string, string> { Key = orderId, Value = "{}" }, report =>
        {
            _logger.LogInformation("delivered {Offset}", report.Offset);
        });
        _producer.Produce("orders", new Message<string, string> { Key = orderId }, OnDelivered);
    }

    private void OnDelivered(DeliveryReport<string, string> report) =>
        Source.StartActivity("delivered")?.SetTag("offset", report.Offset.Value).Dispose();

    private void Notify(object? state)
    {
        Helper();
        void Helper() => _logger.LogDebug("notify {State}", state);
    }

    public static IProducer<string, string> Build(ILogger logger) =>
        new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = "localhost:9092" })
            .SetErrorHandler((_, error) => logger.LogError("{Reason}", error.Reason))
            .SetLogHandler((_, message) => logger.LogDebug("{Message}", message.Message))
            .Build();
}
