namespace ActivityFlow.Benchmarks.Analyzers;

/// <summary>The one file every generated service shares: its domain types, telemetry source and background queue.</summary>
internal static class SharedTypes
{
    public const string Source = """
        using System;
        using System.Diagnostics;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;

        namespace Shop;

        public sealed record Order(string Id, string Sku, int Quantity, decimal Total);

        public interface IOrderStore
        {
            Task<Order?> FindAsync(string id, CancellationToken cancellationToken);

            Task SaveAsync(Order order, CancellationToken cancellationToken);
        }

        public static class Telemetry
        {
            public static readonly ActivitySource Source = new("Shop");
        }

        public static class PriceCalculator
        {
            public static decimal Total(Order order) => order.Quantity * 9.99m;
        }

        public interface IBackgroundTaskQueue
        {
            ValueTask QueueBackgroundWorkItemAsync(Func<CancellationToken, ValueTask> workItem);

            ValueTask<Func<CancellationToken, ValueTask>> DequeueAsync(CancellationToken cancellationToken);
        }

        public sealed class BackgroundTaskQueue : IBackgroundTaskQueue
        {
            private readonly Channel<Func<CancellationToken, ValueTask>> _queue =
                Channel.CreateBounded<Func<CancellationToken, ValueTask>>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.Wait });

            public ValueTask QueueBackgroundWorkItemAsync(Func<CancellationToken, ValueTask> workItem) => _queue.Writer.WriteAsync(workItem);

            public ValueTask<Func<CancellationToken, ValueTask>> DequeueAsync(CancellationToken cancellationToken) => _queue.Reader.ReadAsync(cancellationToken);
        }
        """;
}
