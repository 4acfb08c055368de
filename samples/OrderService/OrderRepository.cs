using System.Diagnostics;

namespace OrderService;

/// <summary>Stores orders (the database round trip is simulated).</summary>
public sealed class OrderRepository
{
    public async Task SaveAsync(string orderId, CancellationToken cancellationToken)
    {
        // ACTX202: if the insert throws or is cancelled, Stop is skipped: the span is never exported and stays current.
        var activity = Telemetry.Source.StartActivity("db insert", ActivityKind.Client);
        activity?.SetTag("db.system.name", "postgresql");
        activity?.SetTag("db.query.text", "INSERT INTO orders (id) VALUES (@id)");
        activity?.SetTag("order.id", orderId);
        await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        activity?.Stop();
    }
}
