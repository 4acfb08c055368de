namespace OrderService;

/// <summary>Refreshes prices in the background; flow is suppressed so the refresh does not hold the request's context.</summary>
public sealed class PriceCache(ILogger<PriceCache> logger, IHttpClientFactory httpClients)
{
    public void RefreshInBackground(string sku)
    {
        using (ExecutionContext.SuppressFlow())
        {
            // ACTX002: this work wanted the caller's trace, but suppression drops it.
            _ = Task.Run(async () =>
            {
                using var client = httpClients.CreateClient();
                logger.LogInformation("Refreshing price of {Sku}", sku);
                await client.GetAsync($"http://127.0.0.1:9/prices/{sku}");
            });
        }
    }
}
