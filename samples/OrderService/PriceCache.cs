using System.Collections.Concurrent;

namespace OrderService;

/// <summary>Keeps order quotes fresh: re-prices one order in the background, and every quote periodically.</summary>
public sealed class PriceCache(ILogger<PriceCache> logger, IHttpClientFactory httpClients) : IDisposable
{
    private readonly ConcurrentDictionary<string, string> quotes = new();
    private Timer? refreshTimer;

    public void Track(string orderId)
    {
        using var activity = Telemetry.Source.StartActivity("prices.track");
        quotes.TryAdd(orderId, "pending");
        if (refreshTimer is null)
        {
            // ACTX005: the timer keeps this request's ExecutionContext: every tick runs under its stopped Activity.
            refreshTimer = new Timer(_ => RefreshAll(), null, TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(5));
        }
    }

    public void RefreshInBackground(string orderId)
    {
        using (ExecutionContext.SuppressFlow())
        {
            // ACTX002: this work wanted the caller's trace, but suppression drops it.
            _ = Task.Run(async () =>
            {
                using var activity = Telemetry.Source.StartActivity("prices.fetch");
                activity?.SetTag("order.id", orderId);
                using var client = httpClients.CreateClient("prices");
                quotes[orderId] = await client.GetStringAsync($"quotes/{orderId}");
                logger.LogInformation("Re-priced order {OrderId}", orderId);
            });
        }
    }

    private void RefreshAll()
    {
        using var activity = Telemetry.Source.StartActivity("prices.refresh");
        activity?.SetTag("quotes", quotes.Count);
        logger.LogInformation("Refreshing {Count} quotes", quotes.Count);
    }

    public void Dispose() => refreshTimer?.Dispose();
}
