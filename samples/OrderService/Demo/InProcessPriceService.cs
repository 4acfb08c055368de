namespace OrderService.Demo;

/// <summary>The demo's stand-in for the price service behind http://prices.internal: answers in-process, slowly.</summary>
internal sealed class InProcessPriceService : IHttpClientFactory
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(450);

    public HttpClient CreateClient(string name) => new(new Handler(), disposeHandler: true);

    private sealed class Handler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Latency, cancellationToken);
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("19.90 EUR") };
        }
    }
}
