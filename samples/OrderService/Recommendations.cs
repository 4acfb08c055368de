namespace OrderService;

/// <summary>Recomputes "customers also bought" after an order.</summary>
public sealed class Recommendations(ILogger<Recommendations> logger)
{
    public async Task RefreshAsync(string orderId)
    {
        using var activity = Telemetry.Source.StartActivity("recommendations.refresh");
        activity?.SetTag("order.id", orderId);
        await Task.Delay(TimeSpan.FromMilliseconds(180));
        logger.LogInformation("Recommendations refreshed after order {OrderId}", orderId);
    }
}
