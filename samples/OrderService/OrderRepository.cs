using System.Diagnostics;

namespace OrderService;

/// <summary>Stores orders (the database round trip is simulated).</summary>
public sealed class OrderRepository
{
    public async Task SaveAsync(string orderId, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.Source.StartActivity("db insert", ActivityKind.Client);
        activity?.SetTag("db.system.name", "postgresql");
        activity?.SetTag("db.query.text", "INSERT INTO orders (id) VALUES (@id)");
        await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
    }
}
